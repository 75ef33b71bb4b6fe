package io.flowsleuth.app.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line arguments: {@code --name value}, {@code --name=value}, boolean flags and
 * positional arguments. Options a command does not declare are an error that names them.
 */
public final class Args {
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> used = new HashSet<>();

    private Args() {
    }

    /**
     * @param valued the option names (without {@code --}) that take a value
     * @param flags  the option names that take none
     */
    public static Args parse(List<String> argv, Set<String> valued, Set<String> flags) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (s.equals("--")) {
                a.positional.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (s.startsWith("--") && s.length() > 2) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    if (value != null) {
                        throw new CliException("--" + name + " takes no value.");
                    }
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new CliException("--" + name + " needs a value.");
                        }
                        value = argv.get(++i);
                    }
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new CliException("Unknown option --" + name + "; see --help.");
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    public boolean has(String name) {
        used.add(name);
        return options.containsKey(name);
    }

    public String get(String name) {
        used.add(name);
        List<String> v = options.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    public String get(String name, String dflt) {
        String v = get(name);
        return v == null ? dflt : v;
    }

    public List<String> all(String name) {
        used.add(name);
        return options.getOrDefault(name, List.of());
    }

    public String require(String name, String what) {
        String v = get(name);
        if (v == null || v.isBlank()) {
            throw new CliException("Missing --" + name + ": " + what + ".");
        }
        return v;
    }

    public long getLong(String name, long dflt) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CliException("--" + name + " must be a whole number, not \"" + v + "\".");
        }
    }

    public boolean flag(String name) {
        return has(name);
    }

    public List<String> positional() {
        return positional;
    }
}
