package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the README and the help promise is what exists and what the committed commands measured. */
class ReadmeTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The README's dse train example quotes a result: it must be the one the committed benchmark recorded. */
    @Test
    void theTrainExampleQuotesTheResultItsCommandRecorded() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md")).replaceAll("\\s*\\n\\s*", " ");
        Matcher claim = Pattern.compile("`\\./dse train (--dataset [^`]+)` trains and evaluates [^`]+? gave top-1 (0\\.\\d+)")
                .matcher(readme);
        assertThat(claim.find()).as("the README's dse train example with its result").isTrue();
        String flags = claim.group(1);
        double top1 = Double.parseDouble(claim.group(2));
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> rows = Files.readAllLines(ROOT.resolve("bench/results/recipe-goal.jsonl")).stream()
                .map(json::readTree).filter(r -> r.get("tag").asString().equals("default"))
                .filter(r -> r.get("args").asString().equals(flags + " --sr 0.125")).toList();
        assertThat(rows).as("a default-recipe goal row for " + flags).hasSize(1);
        assertThat(rows.get(0).get("top1").asDouble()).isEqualTo(top1);
    }

    /** The README and docs/ as a user reads them: Markdown files only. */
    static List<Path> docs() throws Exception {
        try (java.util.stream.Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            List<Path> all = new java.util.ArrayList<>(pages.filter(p -> p.toString().endsWith(".md")).sorted().toList());
            all.add(0, ROOT.resolve("README.md"));
            return all;
        }
    }

    /** Every {@code ./dse COMMAND} the README and docs/ show is a command the launcher has. */
    @Test
    void everyCommandTheDocsShowExists() throws Exception {
        java.util.Set<String> commands = DseMain.commandLine().getSubcommands().keySet();
        Pattern shown = Pattern.compile("\\./dse ([a-z][a-z-]*)");
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (Path doc : docs()) {
            Matcher m = shown.matcher(Files.readString(doc));
            while (m.find()) {
                named.add(m.group(1) + " (" + ROOT.relativize(doc) + ")");
                assertThat(commands).as("./dse " + m.group(1) + " in " + ROOT.relativize(doc)).contains(m.group(1));
            }
        }
        assertThat(named).as("the commands the docs show").hasSizeGreaterThan(5);
    }

    /** Every relative link of the README and docs/ leads to a file of the repository. */
    @Test
    void noLinkDangles() throws Exception {
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        int checked = 0;
        for (Path doc : docs()) {
            Matcher m = link.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                    continue;   // an anchor on the same page, or another site
                }
                assertThat(doc.getParent().resolve(target).normalize()).as(m.group() + " in " + ROOT.relativize(doc)).exists();
                checked++;
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(50);
    }
}
