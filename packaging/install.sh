#!/bin/sh
# Installs ssmtp-mailer: jar, launchers (ssmtp-mailer, sendmail), AppCDS archives, bash/zsh completion, man pages
# and the systemd unit. Documented in docs/operations.md ("Install step").
#
#   packaging/install.sh [JAR]          JAR defaults to cli/target/ssmtp-mailer.jar (mvn -DskipTests package)
#
# Environment: PREFIX (default /usr/local), DESTDIR (a staging root, default none), JAVA (the java the launcher
# runs and the CDS archives are built for; default: java on the PATH), NO_CDS=1 (skip the archives), SERVE_GC=serial
# (install packaging/serve-serial.jvm-options as serve's collector and heap options; default: none, the JDK's).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
jar=${1:-$here/../cli/target/ssmtp-mailer.jar}
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
JAVA=${JAVA:-$(command -v java || true)}

[ -r "$jar" ] || { echo "install.sh: no jar at $jar; build it with: mvn -B -DskipTests package" >&2; exit 66; }
[ -n "$JAVA" ] && [ -x "$JAVA" ] || { echo "install.sh: no java found; set JAVA=/path/to/bin/java (Java 17+)" >&2; exit 69; }
case ${SERVE_GC:-} in
    ''|serial) ;;
    *) echo "install.sh: SERVE_GC must be serial or empty (the JDK's collector), was $SERVE_GC" >&2; exit 64 ;;
esac

root=$DESTDIR$PREFIX
lib=$root/lib/ssmtp-mailer
install -d "$lib" "$root/bin" "$root/sbin" "$root/share/bash-completion/completions" \
    "$root/share/man/man1" "$root/lib/systemd/system"

install -m 644 "$jar" "$lib/ssmtp-mailer.jar"
install -m 644 "$here/serve.jvm-options" "$lib/serve.jvm-options"
rm -f "$lib/serve-gc.jvm-options"
if [ "${SERVE_GC:-}" = serial ]; then
    install -m 644 "$here/serve-serial.jvm-options" "$lib/serve-gc.jvm-options"
fi

# The launcher finds the jar beside its own real location, so it works through symlinks (/usr/sbin/sendmail)
# and inside DESTDIR; $0 tells the jar whether it was called as sendmail or mailq. It names the entry class
# instead of using -jar: -jar makes the JVM open the jar (an index of 14,000 entries) just to read its manifest,
# which the sendmail fast start otherwise never has to do (every class it needs is in its CDS archive).
sed "s|@JAVA@|$JAVA|" > "$root/bin/ssmtp-mailer" <<'SH'
#!/bin/sh
# ssmtp-mailer launcher, written by packaging/install.sh. SSMTP_MAILER_JAVA_OPTS adds JVM options.
self=$(readlink -f "$0")
lib=${self%/*}/../lib/ssmtp-mailer # ${self%/*}: dirname without starting a process
java=@JAVA@
name=${0##*/}
cmd=$name sub=
case $name in
    sendmail|mailq) ;; # the arguments are sendmail's
    *)
        # The command as the CLI finds it (Main.named): the first word after the global options, of which only
        # --config-dir takes a value; for queue, also its own command after queue's options (--spool-dir DIR).
        # Builtins only: this runs on sendmail's fast start too.
        cmd= skip=
        for arg do
            if [ -n "$skip" ]; then
                skip=
                continue
            fi
            case $arg in
                --config-dir) skip=1 ;;
                --config-dir=*|-v|--verbose) ;;
                --spool-dir|--spool-dir=*)
                    [ "$cmd" = queue ] || break
                    [ "$arg" = --spool-dir ] && skip=1 ;;
                *)
                    if [ -z "$cmd" ]; then
                        cmd=$arg
                        [ "$cmd" = queue ] || break
                    else
                        sub=$arg
                        break
                    fi ;;
            esac
        done ;;
esac
c1="-XX:TieredStopAtLevel=1 -XX:-UsePerfData"
jsa=$lib/ssmtp-mailer.jsa
opts=
case $cmd in
    # short-lived: start fast rather than run fast (C1 only, no perf data file). Not -XX:+UseSerialGC: on Java 17
    # the JDK's own CDS archive maps its heap objects (the module graph) with G1 only, and without them the JVM
    # starts slower than G1 costs. C1 only also lists a deep queue with less CPU (100,000 waiting: `queue list`
    # 8.2-8.8 s of CPU against 10-12.8 s, `--limit 100` 1.0 s against 1.3-1.6 s; docs/performance.md, goal 4).
    # sendmail.jsa holds what the fast start loads, which runs for sendmail as $0, as the first word and after the
    # global options (--config-dir DIR sendmail: Launcher.sendmailArguments)
    sendmail) opts=$c1 jsa=$lib/sendmail.jsa ;;
    mailq) opts=$c1 ;;
    queue)
        case $sub in
            # queue retry: the JDK's JIT (C2 too); C1 only made a bulk retry of 10,000 slower in 7 of 9 pairs
            # (docs/performance.md, goal 4, "queue retry and queue import with C1 only, again")
            retry) opts=-XX:-UsePerfData ;;
            *) opts=$c1 ;;
        esac ;;
    serve)
        # serve's own JVM options (C2 later, for its first messages), as a java argument file; then its collector
        # and heap (SERVE_GC=serial at install), unless the operator's options name a collector or a young
        # generation: a JVM given two collectors refuses to start. Not seen: -XX:Flags=, -XX:VMOptionsFile= or an
        # @file inside these variables
        [ -r "$lib/serve.jvm-options" ] && opts="@$lib/serve.jvm-options"
        if [ -r "$lib/serve-gc.jvm-options" ]; then
            case " ${SSMTP_MAILER_JAVA_OPTS:-} ${JDK_JAVA_OPTIONS:-} ${JAVA_TOOL_OPTIONS:-} ${_JAVA_OPTIONS:-} " in
                *-XX:[+-]UseSerialGC*|*-XX:[+-]UseParallelGC*|*-XX:[+-]UseG1GC*|*-XX:[+-]UseZGC*) ;;
                *-XX:[+-]UseShenandoahGC*|*-XX:[+-]UseEpsilonGC*|*-Xmn*|*NewSize=*|*-XX:NewRatio=*) ;;
                *) opts="$opts @$lib/serve-gc.jvm-options" ;;
            esac
        fi ;;
esac
if [ -r "$jsa" ]; then
    opts="$opts -XX:SharedArchiveFile=$jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
exec "$java" $opts ${SSMTP_MAILER_JAVA_OPTS:-} -Dssmtp.argv0="$0" -cp "$lib/ssmtp-mailer.jar" dev.ssmtpmailer.cli.Launcher "$@"
SH
chmod 755 "$root/bin/ssmtp-mailer"
ln -sf ../bin/ssmtp-mailer "$root/sbin/sendmail"

# Completion and man pages, generated by picocli from the command model in the jar.
"$JAVA" -jar "$lib/ssmtp-mailer.jar" generate-docs --completion "$root/share/bash-completion/completions/ssmtp-mailer" \
    --man-dir "$lib/man-adoc"
if command -v asciidoctor >/dev/null 2>&1; then
    asciidoctor -b manpage -D "$root/share/man/man1" "$lib"/man-adoc/*.adoc
    rm -rf "$lib/man-adoc"
else
    echo "install.sh: asciidoctor not found; man pages left as AsciiDoc in $PREFIX/lib/ssmtp-mailer/man-adoc" >&2
fi

# The systemd unit: serve until SIGTERM, which drains and keeps the spool (exit 143 is a clean stop).
cat > "$root/lib/systemd/system/ssmtp-mailer.service" <<UNIT
[Unit]
Description=ssmtp-mailer relay
After=network-online.target
Wants=network-online.target

[Service]
User=ssmtp-mailer
# Listens at once; --warm-up idle then warms the JIT with throwaway messages through a private relay while no
# client is connected and the queue is empty, and gives way to the first real message (docs/operations.md,
# "A faster start"). --warm-up auto warms before listening instead (20-60 s later).
ExecStart=$PREFIX/bin/ssmtp-mailer serve --log-stdout --warm-up idle
# The launcher runs serve with the JVM options of $PREFIX/lib/ssmtp-mailer/serve.jvm-options: C2 compiles
# later than the JDK's default, so that the first messages of a serve whose clients come at once do not share the
# cores with it (runs of 10,000 had the same steady rate), and C1 sooner (a tenth of the JDK's thresholds), so
# that those messages leave the interpreter after the first 20 instead of 200. --warm-up idle then runs longer (it relays at least
# Tier4InvocationThreshold messages: 15,000, up to its 60 s limit; 63 against 39 s on two loaded cores), and the
# runs after it were no slower (faster in six invocations). C2 is about 20% faster once it has compiled
# (18-24% over 40,000 messages on a quiet machine);
# C1 only runs the first 1,000 messages of a serve whose clients come at once about 1.5x as fast
# (docs/operations.md). To choose C1, in a drop-in:
#Environment=SSMTP_MAILER_JAVA_OPTS=-XX:TieredStopAtLevel=1
KillSignal=SIGTERM
# SIGHUP reopens log_file and reloads the tree (systemctl reload ssmtp-mailer):
ExecReload=/bin/kill -HUP \$MAINPID
# The JVM exits with 143 after SIGTERM once the shutdown has finished: that is a clean stop.
SuccessExitStatus=143
TimeoutStopSec=90
Restart=on-failure
# Port 25 without root:
AmbientCapabilities=CAP_NET_BIND_SERVICE
# Secrets from the environment (password_env = GMAIL_APP_PASSWORD), read by systemd (root-owned, chmod 600):
EnvironmentFile=-/etc/ssmtp-mailer/secrets.env

[Install]
WantedBy=multi-user.target
UNIT

# AppCDS: training runs of the installed jar record the classes they load, and the launcher maps the archive
# when it is there and matches this java and this jar at this path (else the JVM ignores it, silently).
# ssmtp-mailer.jsa: the demo exercises config, relay, server and client, for every command.
# sendmail.jsa: what `sendmail` loads to hand a message to a running serve (the fast start); the training starts
# a throwaway serve on a free loopback port with a scratch tree and spool, hands it Debian cron's command line,
# and stops it. Both are best effort: without an archive the launcher only starts slower.
cds() { # cds ARCHIVE TRAINING-COMMAND...: runs the training under -XX:ArchiveClassesAtExit
    archive=$1
    shift
    rm -f "$archive"
    if "$@" >/dev/null 2>&1 && [ -s "$archive" ]; then
        chmod 644 "$archive"
    else
        rm -f "$archive"
        echo "install.sh: no CDS archive ${archive##*/} (its training run failed); the launcher starts without it" >&2
    fi
}
cds_java() { # cds_java ARCHIVE ARGS...: the launcher's java command line under -XX:ArchiveClassesAtExit
    archive=$1
    shift
    "$JAVA" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
}
sendmail_training() { # the tree, the serve and the sendmail call of sendmail.jsa's training
    work=$(mktemp -d)
    mkdir -p "$work/etc/domains" "$work/etc/mappings" "$work/etc/users"
    cat > "$work/etc/ssmtp-mailer.conf" <<CONF
[global]
default_hostname = mailer.example
spool_dir = $work/spool
log_level = ERROR
CONF
    cat > "$work/etc/domains/training.conf" <<'CONF'
[domain:upstream.example]
smtp_server = 127.0.0.1
smtp_port = 9
auth_method = NONE
use_ssl = false
use_starttls = false
relay_account = relay@upstream.example

[domain:mailer.example]
smtp_server = 127.0.0.1
smtp_port = 25
auth_method = NONE
use_ssl = false
use_starttls = false
listen_address = 127.0.0.1
listen_port = 0
CONF
    cat > "$work/etc/mappings/cron.conf" <<'CONF'
[mapping:cron]
from_pattern = cron@mailer.example
to_pattern = cron@upstream.example
smtp_account = relay@upstream.example
CONF
    "$JAVA" -cp "$lib/ssmtp-mailer.jar" dev.ssmtpmailer.cli.Launcher --config-dir "$work/etc" serve --no-watch \
        > "$work/serve.log" 2>&1 &
    serve=$!
    port=
    tries=0
    while [ -z "$port" ] && [ $tries -lt 600 ] && kill -0 $serve 2>/dev/null; do
        sleep 0.1
        tries=$((tries + 1))
        port=$(sed -n 's/^ssmtp-mailer: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log")
    done
    status=1
    if [ -n "$port" ]; then
        sed -i "s/^listen_port = 0\$/listen_port = $port/" "$work/etc/domains/training.conf"
        printf 'From: cron@mailer.example (Cron Daemon)\nTo: ops@upstream.example\nSubject: CDS training\n\n%s\n' \
            'A message the install step hands to a throwaway serve.' \
            | cds_java "$1" -Dssmtp.argv0=sendmail -cp "$lib/ssmtp-mailer.jar" dev.ssmtpmailer.cli.Launcher \
                --config-dir "$work/etc" -FCronDaemon -i -B8BITMIME -oem -oi -t
        status=$?
    fi
    kill $serve 2>/dev/null
    wait $serve 2>/dev/null
    rm -rf "$work"
    return $status
}
if [ "${NO_CDS:-}" != 1 ]; then
    cds "$lib/ssmtp-mailer.jsa" cds_java "$lib/ssmtp-mailer.jsa" -cp "$lib/ssmtp-mailer.jar" dev.ssmtpmailer.cli.Launcher demo
    cds "$lib/sendmail.jsa" sendmail_training "$lib/sendmail.jsa"
fi

echo "installed ssmtp-mailer in $DESTDIR$PREFIX (bin/ssmtp-mailer, sbin/sendmail, lib/ssmtp-mailer, share, lib/systemd)"
