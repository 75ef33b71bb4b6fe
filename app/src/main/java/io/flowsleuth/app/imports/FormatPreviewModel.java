package io.flowsleuth.app.imports;

import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.LineParseException;
import io.flowsleuth.model.parse.LineParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The format-string dialog's state: the format the user types (as AWS writes it,
 * {@code ${version} ${srcaddr} ...}, or a plain field list) and a live preview of the file's first
 * lines parsed with it, each line either its values or the reason it does not fit.
 */
public final class FormatPreviewModel {
    /** One previewed line: its number, the values by column (null when it did not parse) and the reason. */
    public record PreviewLine(long line, List<String> values, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    public static final int SAMPLE_LINES = 12;

    private final List<String> sample;
    private final StringProperty formatText = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<FlowFormat> format = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ObservableList<PreviewLine> preview = FXCollections.observableArrayList();

    public FormatPreviewModel(List<String> sample) {
        this.sample = List.copyOf(sample);
        formatText.addListener((o, a, b) -> update());
        update();
    }

    public StringProperty formatTextProperty() {
        return formatText;
    }

    /** The parsed format, or null while the text is not a format. */
    public ReadOnlyObjectProperty<FlowFormat> formatProperty() {
        return format.getReadOnlyProperty();
    }

    /** One sentence: how many sample lines fit, or why the text is not a format. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<PreviewLine> preview() {
        return preview;
    }

    /** True when a format is given and every sample line parses with it. */
    public boolean allFit() {
        return format.get() != null && !preview.isEmpty() && preview.stream().allMatch(PreviewLine::ok);
    }

    private void update() {
        String t = formatText.get() == null ? "" : formatText.get().strip();
        if (t.isEmpty()) {
            format.set(null);
            preview.clear();
            status.set("Enter the flow log's format, e.g. ${version} ${interface-id} ${srcaddr} ... "
                    + "(as shown in the flow log's settings in the AWS console).");
            return;
        }
        FlowFormat f;
        try {
            f = FlowFormat.parse(t);
        } catch (RuntimeException e) {
            format.set(null);
            preview.clear();
            status.set(e.getMessage() == null ? "This is not a format string." : e.getMessage());
            return;
        }
        format.set(f);
        LineParser parser = new LineParser(f);
        List<PreviewLine> out = new ArrayList<>();
        int ok = 0;
        long lineNo = 0;
        for (String line : sample) {
            lineNo++;
            try {
                FlowRecord r = parser.parse(line, lineNo);
                List<String> values = new ArrayList<>();
                for (FlowFormat.Column c : f.columns()) {
                    String v = c.field() != null ? r.text(c.field()) : r.extras().get(c.name());
                    values.add(v == null ? "-" : v);
                }
                out.add(new PreviewLine(lineNo, values, null));
                ok++;
            } catch (LineParseException e) {
                out.add(new PreviewLine(lineNo, null, e.getMessage()));
            }
        }
        preview.setAll(out);
        status.set(ok == sample.size() ? "All " + ok + " sample lines fit this format (" + f.size() + " fields)."
                : ok + " of " + sample.size() + " sample lines fit this format; check the field order and count ("
                        + f.size() + " fields given).");
    }

    /** The first non-blank lines of a file (plain or gzip), for the preview. */
    public static List<String> sampleLines(Path file, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             PushbackInputStream in = new PushbackInputStream(raw, 2)) {
            byte[] magic = new byte[2];
            int n = in.read(magic);
            if (n > 0) {
                in.unread(magic, 0, n);
            }
            InputStream body = n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
                    ? new GZIPInputStream(in) : in;
            BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            while (out.size() < max && (line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }
}
