#!/usr/bin/env bash
# Builds a FlowSleuth app image (default) or a .deb ("deb") with jpackage from the built modules.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-app-image}"
out=jpackage/target
rm -rf "$out/input" "$out/fxmods" "$out/FlowSleuth"
mkdir -p "$out/input" "$out/fxmods"
mvn -B -ntp -q -pl app -am -DskipTests package
mvn -B -ntp -q -pl app dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$PWD/$out/input"
mv "$out"/input/javafx-*-linux.jar "$out/fxmods/"
rm -f "$out"/input/javafx-*.jar
cp app/target/flowsleuth-app-*.jar "$out/input/"
args=(--name FlowSleuth --input "$out/input" --main-jar "$(basename app/target/flowsleuth-app-*.jar)"
      --main-class io.flowsleuth.app.Main --module-path "$out/fxmods"
      --add-modules java.se,jdk.unsupported,jdk.crypto.ec,javafx.controls,javafx.swing
      --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands --compress=2"
      --icon icons/src/main/resources/io/flowsleuth/icons/flowsleuth-256.png --dest "$out")
if [ "$type" = deb ]; then
  jpackage "${args[@]}" --type deb --linux-package-deps libgtk-3-0 --linux-shortcut
else
  jpackage "${args[@]}" --type app-image
fi
echo "built in $out"
