package cryo.workstation.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Docs that work from where a reader stands: every Markdown link in the READMEs and docs/ points
 * at a file of this repository that exists (none outside it), and every repository path the top
 * README names in backticks exists from the repository root.
 */
class DocPathsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern TICKED = Pattern.compile("`([^`\\s]+)`");

    static List<Path> docs() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.list(ROOT)) {
            s.filter(d -> Files.isRegularFile(d.resolve("README.md")) && Files.isRegularFile(d.resolve("pom.xml")))
                    .forEach(d -> out.add(d.resolve("README.md")));
        }
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(out::add);
        }
        return out;
    }

    @Test
    void linksStayInTheRepositoryAndExist() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = LINK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1).replaceAll("#.*$", "");
                if (target.isEmpty() || target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                    continue;
                }
                Path p = doc.getParent().resolve(target).normalize();
                if (!p.startsWith(ROOT)) {
                    bad.add(ROOT.relativize(doc) + ": " + target + " leaves the repository");
                } else if (!Files.exists(p)) {
                    bad.add(ROOT.relativize(doc) + ": " + target + " does not exist");
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void pathsTheReadmeNamesExistFromTheRoot() throws IOException {
        List<String> bad = new ArrayList<>();
        String text = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        if (text.contains("../")) {
            bad.add("README.md: a path outside the repository (../)");
        }
        Matcher m = TICKED.matcher(text);
        while (m.find()) {
            String t = m.group(1);
            boolean pathLike = t.contains("/") && !t.contains("://") && !t.startsWith("/") && !t.startsWith("~") && !t.startsWith("-")
                    && !t.contains("<") && !t.contains("*") && !t.contains("…") && !t.contains("+") && !t.contains("target")
                    && !t.startsWith("cryo/v1/") && !t.startsWith("./");
            if (pathLike && !Files.exists(ROOT.resolve(t.replaceAll("[.,;:)]+$", "")))) {
                bad.add("README.md: `" + t + "` does not exist from the repository root");
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
