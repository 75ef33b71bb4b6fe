package io.flowsleuth.app.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatPreviewModelTest {
    private static final List<String> V5_LINES = List.of(
            "5 eni-0a1b 10.0.1.5 10.0.2.9 443 51234 6 10 840 1717401600 1717401660 ACCEPT OK ingress",
            "5 eni-0a1b 10.0.2.9 10.0.1.5 51234 443 6 12 9000 1717401600 1717401660 ACCEPT OK egress");

    @Test
    void previewFollowsTheTypedFormat() {
        FormatPreviewModel vm = new FormatPreviewModel(V5_LINES);
        assertNull(vm.formatProperty().get());
        vm.formatTextProperty().set("${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} "
                + "${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction}");
        assertTrue(vm.allFit(), vm.statusProperty().get());
        assertEquals("ingress", vm.preview().get(0).values().get(13));
        assertTrue(vm.statusProperty().get().startsWith("All 2 sample lines fit"));
        vm.formatTextProperty().set("version interface-id srcaddr dstaddr");
        assertFalse(vm.allFit());
        assertFalse(vm.preview().get(0).ok());
        assertTrue(vm.statusProperty().get().startsWith("0 of 2"), vm.statusProperty().get());
    }

    @Test
    void sampleLinesReadPlainAndGzip(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("x.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(("\n" + String.join("\n", V5_LINES) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(V5_LINES, FormatPreviewModel.sampleLines(gz, 10));
        Path txt = dir.resolve("x.log");
        Files.writeString(txt, String.join("\n", V5_LINES));
        assertEquals(V5_LINES.subList(0, 1), FormatPreviewModel.sampleLines(txt, 1));
    }
}
