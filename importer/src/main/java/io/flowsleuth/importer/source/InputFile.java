package io.flowsleuth.importer.source;

import java.nio.file.Path;

/** A file found under the paths the user gave: its path, size in bytes and modification time (ms). */
public record InputFile(Path path, long size, long modified) {
}
