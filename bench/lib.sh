# Helpers the bench scripts share; source it: . "$(dirname "$0")/../lib.sh"

# find_java: sets JAVA (and JAVA_HOME) to the first JDK (java and javac) >= 21 in $JAVA_HOME or /usr/lib/jvm, or exits
find_java() {
  local c v
  JAVA=
  for c in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then JAVA="$c/bin/java"; export JAVA_HOME="$c"; return 0; fi
  done
  echo "no JDK >= 21 found (looked at \$JAVA_HOME and /usr/lib/jvm/*)" >&2
  exit 1
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
