package io.flowsleuth.app.export;

/** Export formats, named as the command line's {@code query --format} names them. */
public enum ExportFormat {
    CSV("csv", "CSV (header of AWS field names)", "csv"),
    JSONL("jsonl", "JSON Lines (one object per record)", "jsonl"),
    FLOWLOG("flowlog", "Flow-log text (re-importable, with a header line)", "log");

    private final String id;
    private final String label;
    private final String extension;

    ExportFormat(String id, String label, String extension) {
        this.id = id;
        this.label = label;
        this.extension = extension;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String extension() {
        return extension;
    }

    @Override
    public String toString() {
        return label;
    }
}
