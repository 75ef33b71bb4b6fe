package io.flowsleuth.app.table;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.model.FlowRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.collections.ObservableListBase;

/**
 * The table's items: a window onto a {@link RowSource}. Its size is the row count from the store;
 * {@link #get(int)} answers at once with a {@link FlowRow} whose record arrives when its page has
 * been fetched in the background. Pages are cached (least recently used are dropped), at most
 * {@link #MAX_IN_FLIGHT} fetches run at a time and the most recently requested page goes first, so
 * a fast scroll from top to bottom fetches only the pages the user stops on. Nothing holds the
 * whole case.
 *
 * <p>All methods are called on the UI thread (the executor delivers fetch results there).
 */
public final class PagedRowList extends ObservableListBase<FlowRow> {
    public static final int DEFAULT_PAGE_SIZE = 200;
    public static final int DEFAULT_MAX_PAGES = 60;
    public static final int MAX_IN_FLIGHT = 2;

    private final RowSource source;
    private final TaskExecutor executor;
    private final int pageSize;
    private final int maxPages;
    private int size;
    private final LinkedHashMap<Long, FlowRow[]> pages;
    private final Deque<Long> wanted = new ArrayDeque<>();
    private final Map<Long, BackgroundTask<List<RowData>>> inFlight = new LinkedHashMap<>();
    /** Fetches given up (page evicted or refetched) whose query is still running: they keep their slot. */
    private final java.util.Set<BackgroundTask<List<RowData>>> abandoned = new java.util.HashSet<>();
    private Consumer<Throwable> onError = e -> { };
    private Runnable onPageLoaded = () -> { };
    private long fetches;
    private boolean disposed;

    public PagedRowList(RowSource source, TaskExecutor executor, long count) {
        this(source, executor, count, DEFAULT_PAGE_SIZE, DEFAULT_MAX_PAGES);
    }

    public PagedRowList(RowSource source, TaskExecutor executor, long count, int pageSize, int maxPages) {
        this.source = source;
        this.executor = executor;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
        this.size = clamp(count);
        this.pages = new LinkedHashMap<>(16, 0.75f, true);
    }

    private static int clamp(long count) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 8, count));
    }

    public void setOnError(Consumer<Throwable> c) {
        this.onError = c;
    }

    public void setOnPageLoaded(Runnable r) {
        this.onPageLoaded = r;
    }

    public RowSource source() {
        return source;
    }

    /** Number of page fetches started (for tests and the diagnostic). */
    public long fetchCount() {
        return fetches;
    }

    public int cachedPages() {
        return pages.size();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public FlowRow get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        long p = index / pageSize;
        FlowRow[] rows = pages.get(p);
        if (rows == null) {
            rows = newPage(p);
            pages.put(p, rows);
            evict();
            request(p);
        }
        return rows[index - (int) (p * pageSize)];
    }

    /** The record at a position if its page is cached and loaded, else null; never triggers a fetch. */
    public FlowRecord peek(int index) {
        RowData d = peekData(index);
        return d == null ? null : d.record();
    }

    /** The row data at a position if loaded, else null; never triggers a fetch. */
    public RowData peekData(int index) {
        FlowRow[] rows = pages.get((long) index / pageSize);
        return rows == null ? null : rows[index % pageSize].data();
    }

    private FlowRow[] newPage(long p) {
        long first = p * pageSize;
        int n = (int) Math.min(pageSize, size - first);
        FlowRow[] rows = new FlowRow[Math.max(n, 0)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new FlowRow(first + i);
        }
        return rows;
    }

    private void evict() {
        Iterator<Map.Entry<Long, FlowRow[]>> it = pages.entrySet().iterator();
        while (pages.size() > maxPages && it.hasNext()) {
            Map.Entry<Long, FlowRow[]> e = it.next();
            abandon(inFlight.remove(e.getKey()));
            wanted.remove(e.getKey());
            it.remove();
        }
    }

    private void request(long p) {
        wanted.remove(p);
        wanted.addFirst(p);
        pump();
    }

    private void abandon(BackgroundTask<List<RowData>> t) {
        if (t != null) {
            t.cancel();
            abandoned.add(t);
        }
    }

    private void pump() {
        while (!disposed && inFlight.size() + abandoned.size() < MAX_IN_FLIGHT && !wanted.isEmpty()) {
            long p = wanted.pollFirst();
            FlowRow[] rows = pages.get(p);
            if (rows == null || inFlight.containsKey(p)) {
                continue;
            }
            fetch(p, rows);
        }
    }

    private void fetch(long p, FlowRow[] rows) {
        fetches++;
        long offset = p * pageSize;
        int limit = rows.length;
        BackgroundTask<List<RowData>> task = BackgroundTask.of("Loading rows", ctx -> source.rows(offset, limit));
        inFlight.put(p, task);
        task.onSuccess(records -> {
            if (pages.get(p) == rows) {
                for (int i = 0; i < rows.length && i < records.size(); i++) {
                    rows[i].setData(records.get(i));
                }
                onPageLoaded.run();
            }
        }).onFailure(e -> {
            if (!disposed) {
                pages.remove(p, rows);
                onError.accept(e);
            }
        }).onFinished(() -> {
            inFlight.remove(p, task);
            abandoned.remove(task);
            pump();
        });
        executor.execute(task);
    }

    /**
     * Re-reads the same query after the store changed (records being imported): the new size is
     * applied at the end of the list and every cached page is fetched again in place, so the rows
     * on screen update without the table losing its scroll position.
     */
    public void refresh(long newCount) {
        int n = clamp(newCount);
        int old = size;
        if (n != old) {
            size = n;
            beginChange();
            if (n > old) {
                nextAdd(old, n);
            } else {
                nextRemove(n, new RowPlaceholders(old - n));
            }
            endChange();
        }
        // refetch cached pages (their rows keep their objects, the records are replaced)
        for (Map.Entry<Long, FlowRow[]> e : List.copyOf(pages.entrySet())) {
            long p = e.getKey();
            FlowRow[] rows = e.getValue();
            int expected = (int) Math.max(0, Math.min(pageSize, size - p * pageSize));
            if (expected != rows.length) {
                pages.remove(p); // the partial last page is rebuilt on demand
                continue;
            }
            abandon(inFlight.remove(p));
            wanted.addLast(p);
        }
        pump();
    }

    /**
     * Makes the first page's rows without fetching them: their records are already read and come
     * with {@link #seedFirstPage} (rows shown as loading until then).
     */
    public void prepareFirstPage() {
        if (size > 0 && !pages.containsKey(0L)) {
            pages.put(0L, newPage(0));
            evict();
        }
    }

    /** Fetches the first page after all when the rows meant for {@link #seedFirstPage} did not come. */
    public void fetchFirstPage() {
        FlowRow[] page = pages.get(0L);
        if (page != null && page.length > 0 && page[0].data() == null && !inFlight.containsKey(0L)) {
            request(0);
        }
    }

    /**
     * Fills the first page with rows already read (a query's first rows, read before its count), so
     * the rows on screen show at once and the page is not fetched again; rows already loaded stay.
     */
    public void seedFirstPage(List<RowData> rows) {
        if (size == 0 || rows.isEmpty()) {
            return;
        }
        FlowRow[] page = pages.get(0L);
        if (page == null) {
            page = newPage(0);
            pages.put(0L, page);
            evict();
        }
        boolean filled = false;
        for (int i = 0; i < page.length && i < rows.size(); i++) {
            if (page[i].data() == null) {
                page[i].setData(rows.get(i));
                filled = true;
            }
        }
        BackgroundTask<List<RowData>> running = inFlight.remove(0L);
        abandon(running); // its answer would only repeat these rows
        wanted.remove(0L);
        if (filled) {
            onPageLoaded.run();
        }
    }

    /**
     * Grows the list to the query's count once it is known (it showed the first rows before): one
     * change at the end; the rows already read keep their objects and records.
     */
    public void extend(long newCount) {
        int n = clamp(newCount);
        int old = size;
        if (n <= old) {
            return;
        }
        long lastPage = (old - 1L) / pageSize;
        FlowRow[] last = old == 0 ? null : pages.get(lastPage);
        if (last != null && last.length < pageSize) {
            // a short last page grows to its full length, keeping the rows it has
            FlowRow[] grown = new FlowRow[(int) Math.min(pageSize, n - lastPage * pageSize)];
            System.arraycopy(last, 0, grown, 0, last.length);
            boolean complete = true;
            for (int i = 0; i < grown.length; i++) {
                if (grown[i] == null) {
                    grown[i] = new FlowRow(lastPage * pageSize + i);
                    complete = false;
                } else if (grown[i].data() == null) {
                    complete = false;
                }
            }
            abandon(inFlight.remove(lastPage));
            pages.put(lastPage, grown);
            size = n;
            if (!complete) {
                wanted.addFirst(lastPage);
            }
        } else {
            size = n;
        }
        beginChange();
        nextAdd(old, n);
        endChange();
        pump();
    }

    /** Stops fetching (the list was replaced by a new query). */
    public void dispose() {
        disposed = true;
        inFlight.values().forEach(BackgroundTask::cancel);
        inFlight.clear();
        wanted.clear();
    }

    /**
     * Identity, not list equality: properties compare old and new values with {@code equals}, and two
     * lists that are equal as lists (both empty) would hide that the table's source changed; list
     * equality would also have to read rows from the store.
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
