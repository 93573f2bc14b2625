#!/usr/bin/env bash
# Makes Lab Console's installer for the machine it runs on, with its own Java runtime:
#   Linux (Debian/Ubuntu)  target/installer/labconsole_<version>_<arch>.deb   (needs fakeroot and dpkg-deb)
#   macOS                  target/installer/Lab Console-<version>.dmg          (needs Xcode's command line tools)
#   Windows (Git Bash)     target/installer/Lab Console-<version>.msi          (needs the WiX Toolset 3 on the PATH)
# Run through ./labconsole package or ./mvnw -B -Pinstaller package. Needs a JDK 17 or newer with its jmods
# (Debian: openjdk-17-jdk and openjdk-17-jmods): jdeps finds the modules, jlink makes a runtime holding only
# those, jpackage wraps it with the application's jars. Only the .deb was built and tested on this project's
# machines; the .dmg and .msi steps follow jpackage's documentation for those systems.
#   --no-build   use the jars already in app/target (the Maven profile builds them first)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "labconsole package: unknown option '$arg' (the only one is --no-build)" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  Linux) os=linux; type=deb ;;
  Darwin) os=mac; type=dmg ;;
  MINGW* | MSYS* | CYGWIN*) os=windows; type=msi ;;
  *) echo "labconsole package: no installer for $(uname -s); Linux (.deb), macOS (.dmg) and Windows (.msi) have one" >&2; exit 2 ;;
esac

jdk_tool() {
  local tool="$1"
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$tool" ]; then
    echo "$JAVA_HOME/bin/$tool"
  elif command -v "$tool" >/dev/null 2>&1; then
    command -v "$tool"
  else
    echo "labconsole package: $tool not found: a JDK 17 or newer is needed (Debian: apt-get install openjdk-17-jdk openjdk-17-jmods; or set JAVA_HOME)" >&2
    exit 2
  fi
}
java="$(jdk_tool java)"
jdeps="$(jdk_tool jdeps)"
jlink="$(jdk_tool jlink)"
jpackage="$(jdk_tool jpackage)"
# /usr/bin/jlink on Debian is a link into the JDK's folder.
java_home="$(cd "$(dirname "$(readlink -f "$jlink" 2>/dev/null || echo "$jlink")")/.." && pwd -P)"
if [ ! -f "$java_home/jmods/java.base.jmod" ]; then
  echo "labconsole package: $java_home has no jmods, which jlink needs (Debian: apt-get install openjdk-17-jmods)" >&2
  exit 2
fi
if [ "$os" = linux ]; then
  for tool in fakeroot dpkg-deb; do
    command -v "$tool" >/dev/null 2>&1 || { echo "labconsole package: $tool is needed for the .deb (apt-get install fakeroot dpkg)" >&2; exit 2; }
  done
fi

if [ "$build" = 1 ]; then
  echo "labconsole package: building the jars..." >&2
  ./mvnw -B -q -DskipTests package
fi

version="$(sed -n 's/^version=//p' app/target/classes/labconsole-version.properties)"
# jpackage takes numbers only: 0.2.0-SNAPSHOT is packaged as 0.2.0.
app_version="${version%-SNAPSHOT}"
app_jar="app/target/app-$version.jar"
[ -f "$app_jar" ] || { echo "labconsole package: $app_jar is missing; run without --no-build" >&2; exit 1; }

out="target/installer"
rm -rf "$out"
mkdir -p "$out/input" "$out/resources"
started="$(date +%s)"

# The application: its jar and its libraries, on a plain class path as the ./labconsole launcher runs them
# (JavaFX from its jars; the bundled model is inside the inference runtime's jar; DJL's PyTorch native jar for
# this platform is among the libraries and unpacks into ~/.labconsole/djl-cache on the first prediction).
cp "$app_jar" app/target/lib/*.jar "$out/input/"
# OpenJFX's jars without a platform classifier are empty (they only point Maven at the platform's jar).
for jar in "$out"/input/javafx-*.jar; do
  if [[ "$(basename "$jar")" =~ ^javafx-[a-z]+-[0-9.]+\.jar$ ]]; then rm -f "$jar"; fi
done
# The server image is always linux/amd64: off that platform, its natives travel beside the application's jar,
# where the image builder looks for them (ServerFiles: image-natives next to the app jar).
if ! ls "$out"/input/pytorch-native-cpu-*-linux-x86_64.jar >/dev/null 2>&1; then
  mkdir -p "$out/input/image-natives"
  cp app/target/image-natives/*.jar "$out/input/image-natives/"
fi

# The platform this installer is for, as the application's own table (NativePlatform) names it.
platform="$("$java" -cp "$out/input/*" dev.labconsole.Launcher --version | sed -n 's/^Platform: .*(\(.*\))$/\1/p')"
[ -n "$platform" ] || { echo "labconsole package: $(uname -s) $(uname -m) is not a platform Lab Console is built for" >&2; exit 2; }
echo "labconsole package: for $platform; keeping only its native libraries and linux-x86_64's (the server image's):" >&2
"$java" packaging/SlimNatives.java "$platform" "$out"/input/onnxruntime-[0-9]*.jar "$out"/input/tokenizers-*.jar \
  "$out"/input/pytorch-jni-*.jar >&2

echo "labconsole package: finding the Java modules the application uses (jdeps)..." >&2
modules="$("$jdeps" -q --multi-release 17 --ignore-missing-deps --print-module-deps \
  --class-path "$out/input/*" "$out/input/app-$version.jar")"
# What jdeps cannot see: TLS's elliptic curves (every HTTPS call to AWS), JavaFX's Swing bridge and AWT image
# writing (java.desktop), zip file systems and extra charsets some libraries open by name.
modules="$modules,jdk.crypto.ec,java.desktop,jdk.zipfs,jdk.charsets"
echo "labconsole package: modules $modules" >&2

"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/runtime"

common=(
  --name "$( [ "$os" = linux ] && echo labconsole || echo "Lab Console")"
  --app-version "$app_version"
  --vendor "Lab Console"
  --description "A desktop console for the AWS MLOps lab, with a local model runtime"
  --copyright "Lab Console authors"
  --input "$out/input"
  --main-jar "app-$version.jar"
  --main-class dev.labconsole.Launcher
  --runtime-image "$out/runtime"
  --dest "$out"
  # Offline DJL; the DJL cache goes to ~/.labconsole/djl-cache (DjlSettings), never into the install folder.
  --java-options "-Dai.djl.offline=true"
  --java-options "-Dlabconsole.installed=\$APPDIR"
)

case "$os" in
  linux)
    # jpackage's own templates, changed: the menu entry's name, and labconsole on the PATH (postinst, prerm).
    cp packaging/linux/postinst packaging/linux/prerm packaging/linux/labconsole.desktop "$out/resources/"
    # gzip, not dpkg-deb's default xz: two thirds of the package are jars and native libraries that are
    # compressed already, and on a 2-core machine xz took minutes (3 min 22 s at level 1 for 241 MB of them,
    # against 20 s) to save 7 %. DPKG_DEB_COMPRESSOR_TYPE=xz chooses xz anyway.
    export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
    # GTK 3 for JavaFX's windows (Ubuntu 24.04 renamed it libgtk-3-0t64), XTest and OpenGL for its robot and
    # renderer; jpackage adds what the Java runtime's own libraries need.
    "$jpackage" --type deb "${common[@]}" \
      --icon packaging/labconsole.png \
      --resource-dir "$out/resources" \
      --linux-shortcut \
      --linux-menu-group "Education;Development" \
      --linux-app-category education \
      --linux-deb-maintainer "labconsole@users.noreply.github.com" \
      --linux-package-deps "libgtk-3-0 | libgtk-3-0t64, libxtst6, libgl1, libfontconfig1"
    ;;
  mac)
    # jpackage wants an .icns; iconutil makes one from the PNG.
    iconset="$out/labconsole.iconset"
    mkdir -p "$iconset"
    for size in 16 32 128 256; do
      sips -z "$size" "$size" packaging/labconsole.png --out "$iconset/icon_${size}x${size}.png" >/dev/null
    done
    iconutil -c icns "$iconset" -o "$out/labconsole.icns"
    "$jpackage" --type dmg "${common[@]}" \
      --icon "$out/labconsole.icns" \
      --mac-package-identifier dev.labconsole \
      --mac-package-name "Lab Console"
    ;;
  windows)
    # The Start menu entry opens the window; labconsole.exe (a console launcher) runs the commands in a terminal.
    printf 'win-console=true\n' >"$out/labconsole-cli.properties"
    "$jpackage" --type msi "${common[@]}" \
      --icon packaging/labconsole.ico \
      --win-menu --win-menu-group "Lab Console" --win-shortcut --win-dir-chooser \
      --win-upgrade-uuid 6f1c3e2a-4b9d-4f5e-9a7c-1d2e3f4a5b6c \
      --add-launcher "labconsole=$out/labconsole-cli.properties"
    ;;
esac

installer="$(ls "$out"/*."$type")"
# Apparent sizes where du knows them (GNU), else the blocks used (macOS, BSD).
size_of() {
  local present=() path
  for path in "$@"; do [ -e "$path" ] && present+=("$path"); done
  [ ${#present[@]} -gt 0 ] || { echo "0.0 MiB"; return; }
  { du -sk --apparent-size "${present[@]}" 2>/dev/null || du -sk "${present[@]}"; } \
    | awk '{ total += $1 } END { printf "%.1f MiB", total / 1024 }'
}
echo "labconsole package: made $installer in $(( $(date +%s) - started )) s" >&2
echo "  installer:              $(size_of "$installer") ($(wc -c <"$installer" | tr -d ' ') bytes)"
echo "  what it unpacks to:"
echo "    Java runtime (jlink):  $(size_of "$out/runtime")"
echo "    PyTorch natives:       $(size_of "$out"/input/pytorch-native-cpu-*.jar "$out/input/image-natives")"
echo "    JavaFX:                $(size_of "$out"/input/javafx-*.jar)"
echo "    AWS SDK:               $(size_of $(ls "$out"/input/*.jar | grep -E '/(aws|s3|ec2|ecs|ecr|sts|iam|sso|netty|apache-client|http-|cloudwatch|elasticloadbalancing|regions|auth|sdk-core|protocol|profiles|utils|metrics-spi|endpoints-spi|identity-spi|checksums|retries|crt-core|json-utils|third-party-jackson|arns|eventstream|annotations|aws-)' ))"
echo "    inference runtime (with the bundled model): $(size_of "$out"/input/inference-runtime-*.jar)"
echo "    everything in the application folder: $(size_of "$out/input")"
