package io.flowsleuth.app.ui;

import io.flowsleuth.app.details.DetailRow;
import io.flowsleuth.app.details.DetailsViewModel;
import io.flowsleuth.app.export.ExportDialog;
import io.flowsleuth.app.export.ExportRunner;
import io.flowsleuth.app.export.ExportViewModel;
import io.flowsleuth.app.export.RecordWriter;
import io.flowsleuth.app.table.CellFormat;
import io.flowsleuth.app.table.RowData;
import io.flowsleuth.app.table.RowSource;
import io.flowsleuth.app.table.RowSourceFactory;
import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ExportFormat;
import io.flowsleuth.importer.service.Page;
import io.flowsleuth.importer.service.PageKey;
import io.flowsleuth.importer.service.QueryRow;
import io.flowsleuth.importer.service.QueryService;
import io.flowsleuth.importer.service.SortOrder;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.analysis.ConnectionEvent;
import io.flowsleuth.model.analysis.ConnectionQuery;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.ValueSource;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Wires the importer's services into the window's view models: the table's row sources over
 * {@link QueryService} (counts and positioned pages in a store-side sort order), the completion
 * values, the details pane's conversation and the exports.
 */
final class ServiceWiring implements CaseServices {
    private final Map<Case, QueryService> queries = Collections.synchronizedMap(new IdentityHashMap<>());

    QueryService query(Case c) {
        return queries.computeIfAbsent(c, k -> new QueryService(k));
    }

    @Override
    public RowSourceFactory rows(Case c) {
        QueryService q = query(c);
        return (filter, sortField, descending) -> {
            CompiledFilter f = QueryService.compile(filter == null ? "" : filter);
            SortOrder order = sortField == null ? SortOrder.IMPORT : new SortOrder(sortField, descending);
            return new RowSource() {
                @Override
                public long count() {
                    return q.count(f);
                }

                @Override
                public boolean quickCount() {
                    return q.countIsQuick(f);
                }

                @Override
                public List<RowData> rows(long offset, int limit) {
                    Page p = q.pageAt(f, order, offset, limit);
                    List<RowData> out = new ArrayList<>(p.rows().size());
                    for (QueryRow r : p.rows()) {
                        out.add(new RowData(r.record(), r.sourcePath(), r.line()));
                    }
                    return out;
                }

                @Override
                public Reader reader(int chunk) {
                    // keyset paging: each chunk continues after the last row read instead of
                    // skipping the rows before it again
                    PageKey[] after = {null};
                    boolean[] end = {false};
                    return () -> {
                        if (end[0]) {
                            return List.of();
                        }
                        Page p = q.page(f, order, after[0], chunk);
                        after[0] = p.next();
                        end[0] = p.next() == null;
                        List<RowData> out = new ArrayList<>(p.rows().size());
                        for (QueryRow r : p.rows()) {
                            out.add(new RowData(r.record(), r.sourcePath(), r.line()));
                        }
                        return out;
                    };
                }
            };
        };
    }

    @Override
    public ValueSource values(Case c) {
        return query(c).valueSource();
    }

    @Override
    public DetailsViewModel.Lookup details(Case c) {
        AnalysisService a = new AnalysisService(c);
        return r -> conversation(a, r);
    }

    /**
     * The record's conversation (same addresses, ports and protocol, both directions) from the one
     * connection query of the analyses: records, packets and bytes each way, rejections, first and last
     * seen, the TCP flags seen, and what state that adds up to.
     */
    static List<DetailRow> conversation(AnalysisService a, FlowRecord r) {
        if (!r.isPresent(Field.SRCADDR) || !r.isPresent(Field.DSTADDR)) {
            return List.of();
        }
        String src = r.text(Field.SRCADDR);
        String dst = r.text(Field.DSTADDR);
        boolean ports = r.isPresent(Field.SRCPORT) && r.isPresent(Field.DSTPORT);
        int proto = r.isPresent(Field.PROTOCOL) ? (int) r.num(Field.PROTOCOL) : -1;
        ConnectionQuery q = new ConnectionQuery(src, dst, ports ? (int) r.num(Field.DSTPORT) : -1,
                ports ? (int) r.num(Field.SRCPORT) : -1, proto);
        List<ConnectionEvent> events = a.connection(CompiledFilter.ALL, q).events();
        long[] there = new long[4]; // records, packets, bytes, rejected
        long[] back = new long[4];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        java.util.Set<String> flags = new java.util.LinkedHashSet<>();
        for (ConnectionEvent e : events) {
            long[] side = e.direction() == ConnectionEvent.Direction.REQUEST ? there : back;
            FlowRecord x = e.record();
            side[0]++;
            side[1] += x.isPresent(Field.PACKETS) ? x.num(Field.PACKETS) : 0;
            side[2] += x.isPresent(Field.BYTES) ? x.num(Field.BYTES) : 0;
            side[3] += e.rejected() ? 1 : 0;
            if (e.start() != FlowRecord.NULL) {
                first = Math.min(first, e.start());
            }
            if (e.end() != FlowRecord.NULL) {
                last = Math.max(last, e.end());
            }
            flags.addAll(e.flagNames());
        }
        String ep1 = src + (ports ? ":" + r.num(Field.SRCPORT) : "");
        String ep2 = dst + (ports ? ":" + r.num(Field.DSTPORT) : "");
        List<DetailRow> out = new ArrayList<>();
        out.add(new DetailRow("between", ep1 + "  ↔  " + ep2, "", null));
        out.add(new DetailRow(ep1 + " →", traffic(there), "", null));
        out.add(new DetailRow("← " + ep2, traffic(back), "", null));
        if (first != Long.MAX_VALUE) {
            out.add(new DetailRow("seen", span(first, last), "", null));
        }
        if (!flags.isEmpty()) {
            out.add(new DetailRow("tcp flags seen", String.join(", ", flags), "", null));
        }
        String state;
        if (back[0] == 0) {
            state = there[3] > 0 ? "requests rejected, no reply recorded" : "one way only: no reply recorded";
        } else if (there[3] == 0 && back[3] == 0) {
            state = "accepted both ways";
        } else if (back[3] > 0 && there[3] == 0) {
            state = "replies rejected (only a network ACL rejects replies)";
        } else {
            state = "rejections in both directions";
        }
        if (events.size() >= AnalysisService.MAX_CONNECTION_EVENTS) {
            state += String.format(Locale.ROOT, " (the first %,d records)", events.size());
        }
        out.add(new DetailRow("state", state, "", null));
        return out;
    }

    /** {@code 2024-06-03 08:00:00 – 08:03:00 UTC}, with the second date only when it differs. */
    static String span(long first, long last) {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
        java.time.OffsetDateTime a = java.time.Instant.ofEpochSecond(first).atOffset(java.time.ZoneOffset.UTC);
        if (last == Long.MIN_VALUE) {
            return day.format(a) + " UTC";
        }
        java.time.OffsetDateTime b = java.time.Instant.ofEpochSecond(last).atOffset(java.time.ZoneOffset.UTC);
        return day.format(a) + " – " + (a.toLocalDate().equals(b.toLocalDate()) ? time : day).format(b) + " UTC";
    }

    /**
     * One direction, short enough for the pane: {@code 12 records, 2 rejected · 30 packets · 4.1 KB}
     * (the state row says when everything was accepted).
     */
    static String traffic(long[] side) {
        if (side[0] == 0) {
            return "no records";
        }
        return String.format(Locale.ROOT, "%,d %s", side[0], side[0] == 1 ? "record" : "records")
                + (side[3] > 0 ? String.format(Locale.ROOT, ", %,d rejected", side[3]) : "")
                + String.format(Locale.ROOT, " · %,d %s · %s", side[1], side[1] == 1 ? "packet" : "packets", CellFormat.bytes(side[2]));
    }

    @Override
    public ExportRunner exports(Case c) {
        QueryService q = query(c);
        return (req, written, cancelled) -> {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(req.out()), 1 << 16)) {
                if (req.rows() != null) {
                    Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
                    RecordWriter rw = new RecordWriter(req.format(), req.columns(), w);
                    rw.header();
                    long n = 0;
                    for (FlowRecord r : req.rows()) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException();
                        }
                        rw.write(r);
                        if (++n % 1000 == 0) {
                            written.accept(n);
                        }
                    }
                    w.flush();
                    written.accept(n);
                    return n;
                }
                CompiledFilter f = QueryService.compile(req.filter());
                SortOrder order = req.sortField() == null ? SortOrder.IMPORT : new SortOrder(req.sortField(), req.descending());
                return q.exportTo(f, req.columns(), order, 0, -1, ExportFormat.valueOf(req.format().name()), os,
                        (n, total, done) -> written.accept(n), cancelled);
            }
        };
    }

    /** File > "Pull from CloudWatch…" and "Pull from S3…": records go into the open case (not the demo). */
    static void installPull(MainWindow window, ThemeManager themes) {
        javafx.scene.control.MenuItem cw = new javafx.scene.control.MenuItem("Pull from _CloudWatch…",
                new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignC.CLOUD_DOWNLOAD_OUTLINE));
        javafx.scene.control.MenuItem s3 = new javafx.scene.control.MenuItem("Pull from _S3…",
                new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignB.BUCKET_OUTLINE));
        MainViewModel vm = window.viewModel();
        cw.setOnAction(e -> showPull(window, themes, true));
        s3.setOnAction(e -> showPull(window, themes, false));
        cw.disableProperty().bind(vm.caseProperty().isNull().or(vm.demoProperty()));
        s3.disableProperty().bind(vm.caseProperty().isNull().or(vm.demoProperty()));
        window.addFileItems(cw, s3);
    }

    private static void showPull(MainWindow window, ThemeManager themes, boolean cloudWatch) {
        MainViewModel vm = window.viewModel();
        Case c = vm.currentCase();
        if (c == null) {
            return;
        }
        io.flowsleuth.app.pull.PullViewModel pvm = new io.flowsleuth.app.pull.PullViewModel(vm.executor(), vm.imports(), c);
        javafx.scene.control.Dialog<Void> d = cloudWatch ? io.flowsleuth.app.pull.PullDialogs.cloudWatch(window.stage(), pvm)
                : io.flowsleuth.app.pull.PullDialogs.s3(window.stage(), pvm);
        themes.styleDialog(d);
        d.show();
    }

    /** File > Export for a window: the dialog over the current filter, sort, selection and columns. */
    static void installExport(MainWindow window, ThemeManager themes) {
        window.setExportAction(w -> {
            MainViewModel vm = w.viewModel();
            Case c = vm.currentCase();
            if (c == null) {
                return;
            }
            List<Field> visible = new ArrayList<>();
            w.tableView().currentLayout().entries().forEach(e -> {
                if (e.visible()) {
                    visible.add(e.field());
                }
            });
            ExportViewModel evm = new ExportViewModel(vm.executor(), vm.services().exports(c), vm.table().filter(),
                    vm.table().sortFieldProperty().get(), vm.table().sortDescendingProperty().get(),
                    vm.table().matchingProperty().get(),
                    vm.table().isAllSelected() ? List.of() : w.tableView().selectedRecords(), vm.table().isAllSelected(),
                    visible, List.copyOf(vm.table().fields()));
            ExportDialog d = new ExportDialog(w.stage(), evm);
            themes.styleDialog(d);
            d.show();
        });
    }

}
