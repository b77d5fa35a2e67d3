package dev.agentswarm.tools;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Turns HTML into readable plain text with jsoup: the title, then the body text with one line per block element
 * (paragraph, heading, list item, ...). Scripts, styles and other non-content elements are dropped.
 *
 * <p>Instances are immutable results; use {@link #parse(String, String)} to create one.
 *
 * @param title the document title, empty if it has none
 * @param text the readable body text
 * @param links the absolute link targets found in the body, in document order, without duplicates
 */
public record HtmlText(String title, String text, List<Link> links) {

    private static final String NON_CONTENT = "script, style, noscript, template, svg, canvas, iframe, object, embed";

    /**
     * A hyperlink found in a document.
     *
     * @param text the link's visible text, possibly empty
     * @param href the absolute URL the link points to
     */
    public record Link(String text, String href) {

        /**
         * Validates the components.
         *
         * @param text the link's visible text
         * @param href the absolute URL
         * @throws NullPointerException if a component is null
         */
        public Link {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(href, "href");
        }
    }

    /**
     * Validates and copies the components.
     *
     * @param title the document title
     * @param text the readable body text
     * @param links the links
     * @throws NullPointerException if a component is null
     */
    public HtmlText {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        links = List.copyOf(links);
    }

    /**
     * Parses HTML and extracts its title, readable text and links.
     *
     * @param html the HTML source
     * @param baseUri the URI the HTML came from, used to make relative links absolute; may be empty
     * @return the extracted text
     * @throws NullPointerException if an argument is null
     */
    public static HtmlText parse(String html, String baseUri) {
        Document document = Jsoup.parse(html, baseUri);
        document.select(NON_CONTENT).remove();
        Element body = document.body();
        StringBuilder out = new StringBuilder();
        body.traverse(new BlockTextVisitor(out));
        List<Link> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Element anchor : body.select("a[href]")) {
            String href = anchor.absUrl("href");
            if (!href.isEmpty() && seen.add(href)) {
                links.add(new Link(anchor.text(), href));
            }
        }
        return new HtmlText(document.title().strip(), tidy(out), links);
    }

    /**
     * Renders the title (if any) followed by the text, and optionally a numbered list of the links.
     *
     * @param withLinks whether to append the link list
     * @param maxLinks the maximum number of links to list
     * @return the rendered text
     */
    public String render(boolean withLinks, int maxLinks) {
        StringBuilder out = new StringBuilder();
        if (!title.isEmpty()) {
            out.append("Title: ").append(title).append("\n\n");
        }
        out.append(text);
        if (withLinks && !links.isEmpty()) {
            out.append("\n\nLinks:");
            int shown = Math.min(maxLinks, links.size());
            for (int i = 0; i < shown; i++) {
                Link link = links.get(i);
                out.append("\n[")
                        .append(i + 1)
                        .append("] ")
                        .append(link.text())
                        .append(" -> ")
                        .append(link.href());
            }
            if (links.size() > shown) {
                out.append("\n[").append(links.size() - shown).append(" more links not shown]");
            }
        }
        return out.toString();
    }

    private static String tidy(StringBuilder raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (String line : raw.toString().split("\n", -1)) {
            String collapsed = line.replaceAll("[\\s\\u00a0]+", " ").strip();
            if (!collapsed.isEmpty()) {
                out.append(collapsed).append('\n');
            }
        }
        return out.toString().strip();
    }

    private static final class BlockTextVisitor implements NodeVisitor {

        private final StringBuilder out;

        BlockTextVisitor(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                out.append(textNode.text());
            } else if (node instanceof Element element) {
                if (element.isBlock() || element.normalName().equals("br")) {
                    out.append('\n');
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element && element.isBlock()) {
                out.append('\n');
            }
        }
    }
}
