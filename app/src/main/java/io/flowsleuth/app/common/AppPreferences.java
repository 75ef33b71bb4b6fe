package io.flowsleuth.app.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The user's preferences and remembered state (theme, time display, window geometry, split
 * positions, columns per case, recent cases, filter history, saved filters), kept in a small
 * properties file in the user's configuration directory ({@code $XDG_CONFIG_HOME/flowsleuth},
 * {@code ~/.config/flowsleuth}, {@code %APPDATA%\FlowSleuth} or {@code ~/Library/Application
 * Support/FlowSleuth}; the system property {@code flowsleuth.config} overrides it). Written
 * atomically on every change; a missing or unreadable file means defaults.
 */
public final class AppPreferences {
    public enum Theme { LIGHT, DARK }

    /** How the table shows times. */
    public enum TimeZoneMode { UTC, LOCAL }

    public enum TimeMode { ABSOLUTE, RELATIVE }

    public static final int MAX_RECENT = 10;
    public static final int MAX_HISTORY = 30;

    private final Path file;
    private final Properties props = new Properties();

    public AppPreferences(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                props.clear(); // a damaged file falls back to defaults
            }
        }
    }

    /** Preferences in the user's configuration directory. */
    public static AppPreferences load() {
        return new AppPreferences(configDir().resolve("preferences.properties"));
    }

    /** An in-memory set of preferences that is never written (tests, demo runs). */
    public static AppPreferences inMemory() {
        return new AppPreferences(null);
    }

    public static Path configDir() {
        String override = System.getProperty("flowsleuth.config");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String home = System.getProperty("user.home", ".");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home, "FlowSleuth");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "FlowSleuth");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config")).resolve("flowsleuth");
    }

    /** Where FlowSleuth keeps its own data (the demo case). */
    public Path dataDir() {
        return file == null ? Path.of(System.getProperty("java.io.tmpdir"), "flowsleuth") : file.getParent();
    }

    // ---- generic access

    public String get(String key, String def) {
        return props.getProperty(key, def);
    }

    public void put(String key, String value) {
        if (value == null) {
            props.remove(key);
        } else {
            props.setProperty(key, value);
        }
        save();
    }

    public double getDouble(String key, double def) {
        try {
            String v = props.getProperty(key);
            return v == null ? def : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    public void putDouble(String key, double v) {
        put(key, Double.toString(v));
    }

    public boolean getBoolean(String key, boolean def) {
        String v = props.getProperty(key);
        return v == null ? def : Boolean.parseBoolean(v);
    }

    public void putBoolean(String key, boolean v) {
        put(key, Boolean.toString(v));
    }

    private List<String> getList(String key) {
        List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            String v = props.getProperty(key + "." + i);
            if (v == null) {
                return out;
            }
            out.add(v);
        }
    }

    private void putList(String key, List<String> values) {
        props.stringPropertyNames().stream().filter(k -> k.startsWith(key + ".")).forEach(props::remove);
        for (int i = 0; i < values.size(); i++) {
            props.setProperty(key + "." + i, values.get(i));
        }
        save();
    }

    private static List<String> pushFront(List<String> list, String value, int max) {
        List<String> out = new ArrayList<>(list);
        out.remove(value);
        out.add(0, value);
        while (out.size() > max) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    // ---- typed preferences

    public Theme theme() {
        return "dark".equals(get("theme", "light")) ? Theme.DARK : Theme.LIGHT;
    }

    public void setTheme(Theme t) {
        put("theme", t.name().toLowerCase(Locale.ROOT));
    }

    public TimeZoneMode timeZoneMode() {
        return "local".equals(get("time.zone", "utc")) ? TimeZoneMode.LOCAL : TimeZoneMode.UTC;
    }

    public void setTimeZoneMode(TimeZoneMode m) {
        put("time.zone", m.name().toLowerCase(Locale.ROOT));
    }

    public TimeMode timeMode() {
        return "relative".equals(get("time.mode", "absolute")) ? TimeMode.RELATIVE : TimeMode.ABSOLUTE;
    }

    public void setTimeMode(TimeMode m) {
        put("time.mode", m.name().toLowerCase(Locale.ROOT));
    }

    public boolean humanBytes() {
        return getBoolean("bytes.human", true);
    }

    public void setHumanBytes(boolean v) {
        putBoolean("bytes.human", v);
    }

    public boolean serviceNames() {
        return getBoolean("ports.names", true);
    }

    public void setServiceNames(boolean v) {
        putBoolean("ports.names", v);
    }

    public List<String> recentCases() {
        return getList("recent");
    }

    public void addRecentCase(Path caseFile) {
        putList("recent", pushFront(recentCases(), caseFile.toAbsolutePath().toString(), MAX_RECENT));
    }

    public void removeRecentCase(String path) {
        List<String> l = new ArrayList<>(recentCases());
        l.remove(path);
        putList("recent", l);
    }

    public List<String> filterHistory() {
        return getList("filter.history");
    }

    public void addFilterHistory(String filter) {
        if (filter == null || filter.isBlank()) {
            return;
        }
        putList("filter.history", pushFront(filterHistory(), filter.strip(), MAX_HISTORY));
    }

    /** Saved named filters in the order the user created them. */
    public Map<String, String> savedFilters() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : getList("filter.saved")) {
            int tab = entry.indexOf('\t');
            if (tab > 0) {
                out.put(entry.substring(0, tab), entry.substring(tab + 1));
            }
        }
        return out;
    }

    public void setSavedFilters(Map<String, String> filters) {
        List<String> l = new ArrayList<>();
        filters.forEach((k, v) -> l.add(k + "\t" + v));
        putList("filter.saved", l);
    }

    /** Column layout of one case (order, visibility, widths), as written by the table view; null if none. */
    public String columnLayout(String caseKey) {
        return get("columns." + key(caseKey), null);
    }

    public void setColumnLayout(String caseKey, String layout) {
        put("columns." + key(caseKey), layout);
    }

    private static String key(String caseKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(caseKey.getBytes(StandardCharsets.UTF_8));
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            // sorted output keeps the file readable and diffable
            Properties sorted = new Properties() {
                @Override
                public synchronized java.util.Set<Map.Entry<Object, Object>> entrySet() {
                    return new java.util.LinkedHashSet<>(new TreeMap<>(props).entrySet());
                }
            };
            try (OutputStream out = Files.newOutputStream(tmp)) {
                sorted.store(out, "FlowSleuth preferences");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // preferences are a convenience: a read-only home must not break the workbench
        }
    }
}
