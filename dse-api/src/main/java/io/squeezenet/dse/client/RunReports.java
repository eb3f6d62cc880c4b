package io.squeezenet.dse.client;

import io.squeezenet.dse.api.gate.GateReport;
import io.squeezenet.dse.api.report.SweepSummary;
import io.squeezenet.dse.api.sweep.SweepView;
import io.squeezenet.dse.api.trial.TrialView;
import io.squeezenet.dse.db.trial.TrialStatus;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * What a CI job keeps of a {@code dse sweep run}: JUnit XML (one testcase per trial and one per gate, a failure
 * carrying the reason and the numbers) for the job's test report, and Markdown for its summary page.
 */
final class RunReports {

    /** A finished run: the sweep, its trials, its summary and its verdict. */
    record Run(SweepView sweep, List<TrialView> trials, SweepSummary summary, GateReport gates, double seconds) {

        /** The gates' verdict: their {@code succeeded} gate covers the trials, a timeout's {@code finished} gate fails. */
        boolean passed() {
            return gates.passed();
        }
    }

    private RunReports() {
    }

    static void junit(Path file, Run run) throws IOException {
        createParent(file);
        long trialFailures = run.trials().stream().filter(t -> !t.status().done()).count();
        long gateFailures = run.gates().gates().stream().filter(g -> !g.passed()).count();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "dse sweep " + run.sweep().name());
            xml.writeAttribute("tests", String.valueOf(run.trials().size() + run.gates().gates().size()));
            xml.writeAttribute("failures", String.valueOf(trialFailures + gateFailures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", seconds(run.seconds()));
            for (TrialView t : run.trials()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "dse.sweep." + run.sweep().id() + ".trials");
                xml.writeAttribute("name", String.format(Locale.ROOT, "trial %d: %s seed %d", t.id(), t.metaparameters(),
                        t.seed()));
                xml.writeAttribute("time", seconds(t.durationSeconds() == null ? 0 : t.durationSeconds()));
                if (!t.status().done()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", t.status() + (t.error() == null ? "" : ": "
                            + t.error().lines().findFirst().orElse("")));
                    xml.writeCharacters(t.error() == null ? t.status().toString() : t.error());
                    xml.writeEndElement();
                } else {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(String.format(Locale.ROOT, "top-1 %.4f, top-5 %.4f, %,d parameters",
                            t.top1(), t.top5(), t.params()));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            for (GateReport.Gate g : run.gates().gates()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "dse.sweep." + run.sweep().id() + ".gates");
                xml.writeAttribute("name", g.name());
                xml.writeAttribute("time", "0");
                xml.writeStartElement(g.passed() ? "system-out" : "failure");
                if (!g.passed()) {
                    xml.writeAttribute("message", g.detail());
                }
                xml.writeCharacters(g.detail());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Markdown for a CI job summary: the verdict, the designs' results, the gates and a link to the figure. */
    static void markdown(Path file, Run run, Path figure) throws IOException {
        createParent(file);
        StringBuilder md = new StringBuilder();
        md.append("## dse sweep: ").append(run.sweep().name()).append(run.passed() ? " (passed)" : " (FAILED)").append("\n\n");
        md.append(run.summary().setup()).append(", ").append(run.trials().size()).append(" trials in ")
                .append(SweepProgress.duration(run.seconds())).append("\n\n");
        md.append("| design | size (MiB) | top-1 | top-5 | seeds |\n|---|---:|---:|---:|---:|\n");
        for (SweepSummary.Point p : run.summary().points()) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %d |%n", p.metaparameters(), p.sizeMib(),
                    accuracy(p.top1Mean(), p.top1Std()), accuracy(p.top5Mean(), p.top5Std()), p.n()));
        }
        md.append("\nCompute: ").append(run.summary().compute().line()).append('\n');
        md.append("\n### Gates\n\n");
        for (GateReport.Gate g : run.gates().gates()) {
            md.append("- ").append(g.passed() ? "pass" : "**FAIL**").append(" `").append(g.name()).append("`: ")
                    .append(g.detail().replace("|", "\\|")).append('\n');
        }
        if (figure != null) {
            Path base = file.toAbsolutePath().getParent();
            md.append("\nFigure: [").append(figure.getFileName()).append("](")
                    .append(base.relativize(figure.toAbsolutePath()).toString().replace('\\', '/')).append(")\n");
        }
        Files.writeString(file, md.toString());
    }

    static String accuracy(Double mean, Double std) {
        if (mean == null) {
            return "-";
        }
        return std == null ? String.format(Locale.ROOT, "%.1f%%", mean * 100)
                : String.format(Locale.ROOT, "%.1f%% ± %.1f", mean * 100, std * 100);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
