package io.flowsleuth.icons;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The FlowSleuth application icon at the sizes window managers and installers ask for. */
public final class AppIcons {
    /** Sizes shipped as {@code flowsleuth-SIZE.png}. */
    public static final int[] SIZES = {16, 32, 48, 64, 128, 256, 512};

    private AppIcons() {
    }

    /** The icon of the given size (one of {@link #SIZES}). */
    public static URL icon(int size) {
        return Objects.requireNonNull(AppIcons.class.getResource("flowsleuth-" + size + ".png"), "no icon of size " + size);
    }

    /** All sizes, smallest first, e.g. for {@code Stage.getIcons()}. */
    public static List<URL> all() {
        List<URL> out = new ArrayList<>();
        for (int s : SIZES) {
            out.add(icon(s));
        }
        return out;
    }
}
