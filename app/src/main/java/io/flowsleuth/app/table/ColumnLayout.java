package io.flowsleuth.app.table;

import io.flowsleuth.model.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's column arrangement for a case: order, visibility and width per field, saved as text
 * ({@code srcaddr:130,dstaddr:130,!vpc-id:90}, {@code !} marks a hidden column).
 */
public record ColumnLayout(List<Entry> entries) {

    public record Entry(Field field, boolean visible, double width) {
    }

    public static Optional<ColumnLayout> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<Entry> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            boolean visible = !p.startsWith("!");
            if (!visible) {
                p = p.substring(1);
            }
            int colon = p.lastIndexOf(':');
            double w = -1;
            String name = p;
            if (colon > 0) {
                name = p.substring(0, colon);
                try {
                    w = Double.parseDouble(p.substring(colon + 1));
                } catch (NumberFormatException e) {
                    w = -1;
                }
            }
            Optional<Field> f = Field.byName(name);
            if (f.isPresent()) {
                out.add(new Entry(f.get(), visible, w));
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(new ColumnLayout(List.copyOf(out)));
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            if (!e.visible()) {
                sb.append('!');
            }
            sb.append(e.field().awsName());
            if (e.width() > 0) {
                sb.append(':').append(Math.round(e.width()));
            }
        }
        return sb.toString();
    }

    /**
     * The order to show the case's fields in: the saved ones first in their saved order, then fields
     * the layout does not know (new in this case) in default order.
     */
    public List<Entry> arrange(List<Field> available) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (available.contains(e.field())) {
                out.add(e);
            }
        }
        for (Field f : available) {
            if (out.stream().noneMatch(e -> e.field() == f)) {
                out.add(new Entry(f, true, -1));
            }
        }
        return out;
    }
}
