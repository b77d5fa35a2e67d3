package dev.agentswarm.cli.demo;

import dev.agentswarm.report.html.HtmlReport;
import java.util.ArrayList;
import java.util.List;

/** Renders the parallel-read demo's merged answer (a markdown table) as a self-contained HTML showcase page. */
public final class Showcase {

    private Showcase() {}

    /**
     * @param title the page title
     * @param note a line under the title
     * @param markdown the merged answer: a title line and a markdown table
     * @return the HTML page
     */
    public static String render(String title, String note, String markdown) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(HtmlReport.esc(title))
                .append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px;max-width:1100px;color:#1f2328}")
                .append("table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:4px 8px;"
                        + "vertical-align:top;text-align:left}th{background:#f6f8fa}td ul{margin:0;padding-left:18px}")
                .append(".note{background:#fff4e5;border:1px solid #f0b45b;padding:6px 10px;border-radius:6px;"
                        + "display:inline-block}.err{color:#b42318}")
                .append("</style></head><body>\n<h1>")
                .append(HtmlReport.esc(title))
                .append("</h1>\n<p class=\"note\">")
                .append(HtmlReport.esc(note))
                .append("</p>\n");
        List<String> header = new ArrayList<>();
        boolean tableOpen = false;
        for (String raw : markdown.split("\n")) {
            String line = raw.strip();
            if (!line.startsWith("|")) {
                if (!line.isEmpty()) {
                    h.append("<p>").append(HtmlReport.esc(line)).append("</p>\n");
                }
                continue;
            }
            if (line.matches("\\|[\\s:|-]*")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0))
                    .split("\\|", -1);
            if (!tableOpen) {
                h.append("<table><tr>");
                for (String c : cells) {
                    header.add(c.strip());
                    h.append("<th>").append(HtmlReport.esc(c.strip())).append("</th>");
                }
                h.append("</tr>\n");
                tableOpen = true;
                continue;
            }
            h.append("<tr>");
            for (int i = 0; i < cells.length; i++) {
                String c = cells[i].strip();
                boolean errors = i < header.size() && header.get(i).contains("error");
                h.append("<td").append(errors ? " class=\"err\"" : "").append(">");
                if (c.contains("; ")) {
                    h.append("<ul>");
                    for (String part : c.split("; ")) {
                        h.append("<li>").append(HtmlReport.esc(part)).append("</li>");
                    }
                    h.append("</ul>");
                } else {
                    h.append(HtmlReport.esc(c.isEmpty() ? "none" : c));
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        if (tableOpen) {
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }
}
