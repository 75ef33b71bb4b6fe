package io.flowsleuth.importer.aws;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Flow logs delivered to S3: lists the objects under a prefix or under the flow-log layout
 * ({@code AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/}, plain or Hive-style), and downloads
 * them in parallel to temporary files handed over one by one as they complete.
 */
public final class S3FlowLogs {
    private final AwsSession session;
    private final Backoff backoff;

    /** One S3 object. */
    public record S3Object(String bucket, String key, long size, Instant lastModified) {
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }

        /** Parquet objects ({@code .parquet}, {@code .log.parquet}). */
        public boolean parquet() {
            return key.toLowerCase(Locale.ROOT).endsWith(".parquet");
        }
    }

    /** Receives downloaded objects on the calling thread, in completion order. The file is deleted afterwards. */
    public interface DownloadSink {
        void downloaded(S3Object object, Path file) throws IOException;

        /** One object could not be downloaded; the others go on. */
        void failed(S3Object object, AwsFailure failure);
    }

    /** Download progress: bytes and objects done out of the totals. */
    public interface Progress {
        void progress(long bytesDone, long bytesTotal, int objectsDone, int objectsTotal);
    }

    public S3FlowLogs(AwsSession session, Backoff backoff) {
        this.session = session;
        this.backoff = backoff;
    }

    private AwsErrors.Context ctx() {
        return session.errorContext("S3");
    }

    private String bucketMissing(String bucket) {
        return "S3 bucket \"" + bucket + "\" does not exist: check its name (and that " + ctx().who() + " is in the right account).";
    }

    /** True for keys that can hold flow-log records (text, gzip or Parquet objects, not folder markers). */
    public static boolean flowLogKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("/")) {
            return false;
        }
        return k.endsWith(".log.gz") || k.endsWith(".gz") || k.endsWith(".log") || k.endsWith(".txt")
                || k.endsWith(".parquet");
    }

    /**
     * The day prefixes of the flow-log layout for {@code account} and {@code region}, from {@code from}
     * to {@code to} inclusive: the plain layout and both Hive-style spellings ({@code aws-service=} as in
     * the VPC guide, {@code service=} as in the Transit Gateway guide).
     *
     * @param base the bucket's own prefix before {@code AWSLogs/} ("" when none)
     */
    public static List<String> layoutPrefixes(String base, String account, String region, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new AwsFailure(AwsFailure.Kind.CONFIGURATION, "The date range ends (" + to + ") before it starts (" + from + "): swap --from and --to.");
        }
        if (from.plusDays(3660).isBefore(to)) {
            throw new AwsFailure(AwsFailure.Kind.CONFIGURATION, "The date range " + from + " to " + to + " is longer than ten years: narrow it.");
        }
        String b = normalisePrefix(base);
        List<String> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            String y = String.format(Locale.ROOT, "%04d", d.getYear());
            String m = String.format(Locale.ROOT, "%02d", d.getMonthValue());
            String dd = String.format(Locale.ROOT, "%02d", d.getDayOfMonth());
            out.add(b + "AWSLogs/" + account + "/vpcflowlogs/" + region + "/" + y + "/" + m + "/" + dd + "/");
            out.add(b + "AWSLogs/aws-account-id=" + account + "/aws-service=vpcflowlogs/aws-region=" + region
                    + "/year=" + y + "/month=" + m + "/day=" + dd + "/");
            out.add(b + "AWSLogs/aws-account-id=" + account + "/service=vpcflowlogs/aws-region=" + region
                    + "/year=" + y + "/month=" + m + "/day=" + dd + "/");
        }
        return out;
    }

    /** "" or a prefix ending in "/" (a prefix that names a folder). */
    static String normalisePrefix(String p) {
        if (p == null || p.isBlank()) {
            return "";
        }
        String s = p.strip();
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s.isEmpty() || s.endsWith("/") ? s : s + "/";
    }

    /** Every flow-log object under {@code prefix} (the whole bucket when blank), by key. */
    public List<S3Object> list(String bucket, String prefix, BooleanSupplier cancelled) {
        List<S3Object> out = listRaw(bucket, prefix == null ? "" : prefix.strip(), cancelled);
        if (out.isEmpty()) {
            throw new AwsFailure(AwsFailure.Kind.NOT_FOUND, "No flow-log objects (.log.gz, .log, .parquet) under s3://"
                    + bucket + "/" + (prefix == null ? "" : prefix) + ": check the prefix (keys are case-sensitive)"
                    + suggest(bucket, prefix, cancelled) + ".");
        }
        return out;
    }

    /**
     * The flow-log objects of the layout for {@code account} (all accounts under {@code AWSLogs/} when
     * null) and {@code region} between two dates.
     */
    public List<S3Object> listLayout(String bucket, String base, String account, String region, LocalDate from,
                                     LocalDate to, BooleanSupplier cancelled) {
        List<String> accounts = new ArrayList<>();
        if (account != null && !account.isBlank()) {
            accounts.add(account.strip());
        } else {
            accounts.addAll(accountsUnder(bucket, base, cancelled));
            if (accounts.isEmpty()) {
                throw new AwsFailure(AwsFailure.Kind.NOT_FOUND, "No AWSLogs/ folder under s3://" + bucket + "/"
                        + normalisePrefix(base) + ": check the bucket and prefix, or pass the account with --account.");
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        List<S3Object> out = new ArrayList<>();
        for (String a : accounts) {
            for (String p : layoutPrefixes(base, a, region, from, to)) {
                for (S3Object o : listRaw(bucket, p, cancelled)) {
                    if (seen.add(o.key())) {
                        out.add(o);
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new AwsFailure(AwsFailure.Kind.NOT_FOUND, "No flow-log objects for account " + String.join(", ", accounts)
                    + " in " + region + " from " + from + " to " + to + " under s3://" + bucket + "/" + normalisePrefix(base)
                    + "AWSLogs/: check the account, region, dates and prefix.");
        }
        out.sort(Comparator.comparing(S3Object::key));
        return out;
    }

    /** The account ids under {@code base/AWSLogs/}, plain or Hive-style. */
    public List<String> accountsUnder(String bucket, String base, BooleanSupplier cancelled) {
        String root = normalisePrefix(base) + "AWSLogs/";
        List<String> out = new ArrayList<>();
        for (String p : commonPrefixes(bucket, root, cancelled)) {
            String seg = p.substring(root.length()).replace("/", "");
            if (seg.startsWith("aws-account-id=")) {
                seg = seg.substring("aws-account-id=".length());
            }
            if (!seg.isEmpty() && !out.contains(seg)) {
                out.add(seg);
            }
        }
        return out;
    }

    private List<String> commonPrefixes(String bucket, String prefix, BooleanSupplier cancelled) {
        S3Client s3 = session.s3();
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response r = call(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter("/").continuationToken(t)),
                    cancelled, "list s3://" + bucket + "/" + prefix, bucketMissing(bucket));
            r.commonPrefixes().forEach(cp -> out.add(cp.prefix()));
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    private String suggest(String bucket, String prefix, BooleanSupplier cancelled) {
        try {
            String p = prefix == null ? "" : prefix.strip();
            int cut = p.endsWith("/") ? p.lastIndexOf('/', p.length() - 2) : p.lastIndexOf('/');
            String parent = cut < 0 ? "" : p.substring(0, cut + 1);
            List<String> there = commonPrefixes(bucket, parent, cancelled);
            if (there.isEmpty()) {
                return "";
            }
            return "; folders under s3://" + bucket + "/" + parent + " are: "
                    + String.join(", ", there.subList(0, Math.min(5, there.size()))) + (there.size() > 5 ? ", ..." : "");
        } catch (AwsFailure e) {
            return "";
        }
    }

    private List<S3Object> listRaw(String bucket, String prefix, BooleanSupplier cancelled) {
        S3Client s3 = session.s3();
        List<S3Object> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response r = call(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(t)),
                    cancelled, "list s3://" + bucket + "/" + prefix, bucketMissing(bucket));
            for (var o : r.contents()) {
                if (flowLogKey(o.key())) {
                    out.add(new S3Object(bucket, o.key(), o.size() == null ? 0 : o.size(), o.lastModified()));
                }
            }
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    private <T> T call(java.util.function.Supplier<T> c, BooleanSupplier cancelled, String action, String notFound) {
        try {
            return backoff.call(c, cancelled, null);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AwsErrors.translate(e, ctx(), action, notFound);
        }
    }

    /**
     * Downloads {@code objects} with {@code parallelism} threads into {@code dir} and hands each file to
     * {@code sink} on the calling thread as soon as it is complete. At most {@code parallelism} + 2 files
     * wait on disk. A failure that concerns every object (credentials, network) stops the download and
     * is thrown; others are reported per object.
     */
    public void download(List<S3Object> objects, Path dir, int parallelism, DownloadSink sink, Progress progress,
                         BooleanSupplier cancelled) throws IOException {
        int threads = Math.max(1, Math.min(parallelism, Math.max(1, objects.size())));
        long total = objects.stream().mapToLong(S3Object::size).sum();
        AtomicLong bytes = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        BooleanSupplier halted = () -> stop.get() || cancelled.getAsBoolean();
        Semaphore slots = new Semaphore(threads + 2);
        BlockingQueue<Object[]> done = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "s3-download");
            t.setDaemon(true);
            return t;
        });
        S3Client s3 = session.s3();
        try {
            int i = 0;
            for (S3Object o : objects) {
                Path file = dir.resolve(String.format(Locale.ROOT, "%06d-", i++) + safeName(o.key()));
                pool.execute(() -> {
                    try {
                        slots.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (halted.getAsBoolean()) {
                        slots.release();
                        done.add(new Object[] {o, null, new CancellationException("cancelled")});
                        return;
                    }
                    try {
                        fetch(s3, o, file, bytes, halted);
                        done.add(new Object[] {o, file, null});
                    } catch (Throwable e) {
                        slots.release();
                        deleteQuietly(file);
                        done.add(new Object[] {o, null, e});
                    }
                });
            }
            int finished = 0;
            RuntimeException fatal = null;
            while (finished < objects.size()) {
                Object[] item;
                try {
                    item = done.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    throw new CancellationException("interrupted");
                }
                if (progress != null) {
                    progress.progress(bytes.get(), total, finished, objects.size());
                }
                if (item == null) {
                    continue;
                }
                finished++;
                S3Object o = (S3Object) item[0];
                Path file = (Path) item[1];
                Throwable err = (Throwable) item[2];
                if (file != null) {
                    try {
                        if (fatal == null && !cancelled.getAsBoolean()) {
                            sink.downloaded(o, file);
                        }
                    } finally {
                        deleteQuietly(file);
                        slots.release();
                    }
                } else if (err instanceof CancellationException) {
                    if (fatal == null && !cancelled.getAsBoolean()) {
                        fatal = new CancellationException("cancelled");
                    }
                } else if (fatal == null) {
                    AwsFailure f = err instanceof AwsFailure af ? af
                            : AwsErrors.translate(err, ctx(), "download " + o.uri(), "The object " + o.uri()
                            + " disappeared while downloading: list the prefix again.");
                    if (stopsEverything(f)) {
                        fatal = f;
                        stop.set(true);
                    } else {
                        sink.failed(o, f);
                    }
                }
                if (progress != null) {
                    progress.progress(bytes.get(), total, finished, objects.size());
                }
            }
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled");
            }
            if (fatal != null) {
                throw fatal;
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    private static boolean stopsEverything(AwsFailure f) {
        return switch (f.kind()) {
            case CREDENTIALS_EXPIRED, CREDENTIALS_INVALID, CREDENTIALS_MISSING, NETWORK, CONFIGURATION -> true;
            default -> false;
        };
    }

    private void fetch(S3Client s3, S3Object o, Path file, AtomicLong bytes, BooleanSupplier halted) throws IOException {
        long[] counted = {0};
        backoff.call(() -> {
            bytes.addAndGet(-counted[0]);
            counted[0] = 0;
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(o.bucket()).key(o.key()));
                 OutputStream out = Files.newOutputStream(file)) {
                copy(in, out, n -> {
                    counted[0] += n;
                    bytes.addAndGet(n);
                }, halted);
            } catch (IOException e) {
                throw software.amazon.awssdk.core.exception.SdkClientException.create("Reading " + o.uri() + " failed: " + e.getMessage(), e);
            }
            return null;
        }, halted, null);
    }

    private interface Counter {
        void add(long n);
    }

    private static void copy(InputStream in, OutputStream out, Counter counter, BooleanSupplier halted) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            counter.add(n);
            if (halted.getAsBoolean()) {
                throw new CancellationException("cancelled");
            }
        }
    }

    private static String safeName(String key) {
        String n = key.substring(key.lastIndexOf('/') + 1);
        n = n.replaceAll("[^A-Za-z0-9._=-]", "_");
        return n.length() > 120 ? n.substring(n.length() - 120) : n;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file left behind is removed with its folder
        }
    }
}
