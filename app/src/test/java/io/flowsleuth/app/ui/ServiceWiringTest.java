package io.flowsleuth.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowsleuth.app.details.DetailRow;
import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.importer.service.Page;
import io.flowsleuth.importer.service.QueryService;
import io.flowsleuth.importer.service.SortOrder;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.filter.CompiledFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The details pane's conversation, read from a real case. */
class ServiceWiringTest {
    @Test
    void theConversationHasTrafficEachWayFlagsAndState(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("conv.log");
        Files.write(log, List.of(
                "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags",
                "5 eni-1 10.0.0.9 10.0.1.5 50000 22 6 1 100 1717401600 1717401660 ACCEPT OK 2",
                "5 eni-1 10.0.1.5 10.0.0.9 22 50000 6 4 50 1717401600 1717401660 ACCEPT OK 18",
                "5 eni-1 10.0.0.9 10.0.1.5 50000 22 6 2 200 1717401660 1717401720 ACCEPT OK 0",
                "5 eni-1 10.0.1.5 10.0.0.9 22 50000 6 6 2500 1717401660 1717401720 REJECT OK 0",
                "5 eni-1 10.0.0.9 10.0.1.5 50000 22 6 3 300 1717401720 1717401780 ACCEPT OK 1",
                // same pair, another client port: another conversation
                "5 eni-1 10.0.0.9 10.0.1.5 50001 22 6 9 900 1717401600 1717401660 ACCEPT OK 2"));
        try (Case c = Case.open(dir.resolve("case"))) {
            c.imports().importPaths(List.of(log), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
            Page p = new QueryService(c).page(CompiledFilter.ALL, SortOrder.IMPORT, null, 10);
            FlowRecord first = p.rows().get(0).record();
            List<DetailRow> rows = ServiceWiring.conversation(new AnalysisService(c), first);
            assertEquals(List.of(
                    "between=10.0.0.9:50000  ↔  10.0.1.5:22",
                    "10.0.0.9:50000 →=3 records · 6 packets · 600 B",
                    "← 10.0.1.5:22=2 records, 1 rejected · 10 packets · 2.49 KB",
                    "seen=2024-06-03 08:00:00 – 08:03:00 UTC",
                    "tcp flags seen=SYN, SYN-ACK, FIN",
                    "state=replies rejected (only a network ACL rejects replies)"),
                    rows.stream().map(r -> r.label() + "=" + r.display()).collect(Collectors.toList()));
            assertEquals("2024-06-03 23:59:00 – 2024-06-04 00:01:00 UTC", ServiceWiring.span(1717459140L, 1717459260L));
        }
    }

    @Test
    void theRowSourcesSequentialReaderGivesEveryRowInTheTablesOrder(@TempDir Path dir) throws Exception {
        Path log = Fixture.write(dir);
        try (Case c = Case.open(dir.resolve("case"))) {
            c.imports().importPaths(List.of(log), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
            for (io.flowsleuth.model.Field sort : new io.flowsleuth.model.Field[] {null, io.flowsleuth.model.Field.BYTES}) {
                io.flowsleuth.app.table.RowSource src = new ServiceWiring().rows(c).open("dstport == 443", sort, true);
                List<String> byPosition = src.rows(0, 1000).stream().map(r -> r.record().toLine()).toList();
                assertEquals(Fixture.RECORDS - Fixture.SSH, byPosition.size());
                io.flowsleuth.app.table.RowSource.Reader reader = src.reader(40); // 150 rows: 40, 40, 40, 30
                List<String> read = new java.util.ArrayList<>();
                List<Integer> chunks = new java.util.ArrayList<>();
                for (List<io.flowsleuth.app.table.RowData> chunk = reader.next(); !chunk.isEmpty(); chunk = reader.next()) {
                    chunks.add(chunk.size());
                    chunk.forEach(r -> read.add(r.record().toLine()));
                }
                assertEquals(List.of(40, 40, 40, 30), chunks);
                assertEquals(byPosition, read);
                assertEquals(List.of(), reader.next());
            }
        }
    }
}
