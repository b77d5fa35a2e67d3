package dev.agentswarm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * swarm-bom manages exactly the published modules (every jar module that does not set
 * {@code swarm.publish.skip}, which also skips its deployment),
 * each at the project's version, and does not inherit the parent (whose third-party versions would leak into users'
 * builds through the import).
 */
class BomTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomManagesEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Document bom = parse(ROOT.resolve("swarm-bom/pom.xml"));
        assertThat(children(bom.getDocumentElement(), "parent"))
                .as("swarm-bom has no parent")
                .isEmpty();
        assertThat(text(bom.getDocumentElement(), "packaging")).isEqualTo("pom");
        assertThat(text(bom.getDocumentElement(), "version"))
                .isEqualTo(text(parse(ROOT.resolve("pom.xml")).getDocumentElement(), "version"));

        Map<String, String> managed = new TreeMap<>();
        Element dm = children(bom.getDocumentElement(), "dependencyManagement").get(0);
        for (Element d : children(children(dm, "dependencies").get(0), "dependency")) {
            assertThat(text(d, "groupId")).isEqualTo("dev.agentswarm");
            managed.put(text(d, "artifactId"), text(d, "version"));
        }

        List<String> published = new ArrayList<>();
        Element modules = children(parse(ROOT.resolve("pom.xml")).getDocumentElement(), "modules")
                .get(0);
        for (Element m : children(modules, "module")) {
            Path pom = ROOT.resolve(m.getTextContent().strip()).resolve("pom.xml");
            assertThat(pom).exists();
            String text = Files.readString(pom);
            Element project = parse(pom).getDocumentElement();
            boolean jar = children(project, "packaging").isEmpty()
                    || text(project, "packaging").equals("jar");
            if (jar && !text.contains("<swarm.publish.skip>true</swarm.publish.skip>")) {
                published.add(text(project, "artifactId"));
            }
        }

        assertThat(published).contains("swarm-core", "swarm-test", "swarm-tools", "swarm-eval");
        assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(published);
        assertThat(managed.values()).containsOnly("${project.version}");
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
        return found.get(0).getTextContent().strip();
    }
}
