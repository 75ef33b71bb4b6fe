package io.flowsleuth.importer.source;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands the paths a user names into the files to import: files as they are, folders recursively
 * (the S3 layout {@code AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/}, Hive-style
 * {@code aws-account-id=.../year=...} prefixes, or any tree), in path order so that time-partitioned
 * folders import oldest first. Hidden files, FlowSleuth case files and checksum side files are left out.
 */
public final class SourceScanner {
    private SourceScanner() {
    }

    public static List<InputFile> expand(List<Path> paths) throws IOException {
        Set<Path> seen = new LinkedHashSet<>();
        List<InputFile> out = new ArrayList<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (!Files.exists(abs)) {
                throw new NoSuchFileException(p.toString(), null,
                        "no such file or folder; check the path (folders are imported recursively)");
            }
            if (Files.isDirectory(abs)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(abs, FileVisitOption.FOLLOW_LINKS)) {
                    walk.filter(f -> Files.isRegularFile(f) && !skipped(abs, f)).forEach(files::add);
                }
                files.sort(Comparator.comparing(Path::toString));
                for (Path f : files) {
                    add(f, seen, out);
                }
            } else {
                add(abs, seen, out);
            }
        }
        return out;
    }

    private static void add(Path f, Set<Path> seen, List<InputFile> out) throws IOException {
        if (!seen.add(f)) {
            return;
        }
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        out.add(new InputFile(f, Files.size(f), a.lastModifiedTime().toMillis()));
    }

    private static boolean skipped(Path root, Path f) {
        Path rel = root.relativize(f);
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String suffix : EnumSet.allOf(Ignored.class).stream().map(Ignored::suffix).toList()) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private enum Ignored {
        MVDB(".mv.db"), TRACE(".trace.db"), LOCK(".lock.db"), MD5(".md5"), SHA(".sha256"), CRC(".crc");

        private final String suffix;

        Ignored(String s) {
            suffix = s;
        }

        String suffix() {
            return suffix;
        }
    }
}
