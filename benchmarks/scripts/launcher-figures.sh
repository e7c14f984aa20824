#!/bin/bash
# The scripts behind docs/performance.md's launcher figures (goal 4, "queue retry and queue import with C1 only,
# again"; goal 5, "Serial's heap per waiting message"), as they were run, with their /tmp paths made parameters.
# Not part of the build. Run from a scratch directory WORK holding three config trees:
#   tree/    spool_dir = WORK/spool, one domain whose upstream is 127.0.0.1:9 (nothing listens: every message waits)
#   stree/   the same with spool_dir = WORK/sspool, a listening domain (listen_address 127.0.0.1, listen_port PORT)
#            and a mapping sales@mailer.domain1.com -> sales@domain1.com (what DeepSpool.java's messages are)
#   pgtree/  queue_backend = postgres on a private PostgreSQL (/work/shared/peers/README.md, PG_FSYNC=off)
# and, for heap, two java argument files: packaging/serve.jvm-options (g1.opts) and the same plus
# -XX:+UseSerialGC -Xmn32m (serialxmn.opts).
#
#   launcher-figures.sh bulk N ROUNDS JAR      queue retry (tree) and queue import (pgtree; PG_* from the peer's
#                                              peer.env) of N messages, C1 only against the JDK's JIT, interleaved,
#                                              the order swapped every round; CMDS="retry" for retry only
#   launcher-figures.sh heap OPTSFILE SPOOL JAR  a serve on a copy of SPOOL (made by DeepSpool.java), once its
#                                              recovery thread has ended: GC_RUNS (default 5) rounds of jcmd
#                                              GC.run and GC.heap_info, then GC.class_histogram (heapinfo-*.txt,
#                                              histo-*.txt); GC_RUNS=1 for the "after one GC.run" table
#   launcher-figures.sh start LAUNCHER         start to listening through an installed launcher (SERVE_GC=serial
#                                              install): the installed file against SSMTP_MAILER_JAVA_OPTS=
#                                              -XX:+UseG1GC, ROUNDS (default 6) pairs, the order swapped; wall ms
#                                              until PORT accepts a connection, CPU ms from /proc/PID/stat
#
# Spools: java -cp JAR benchmarks/scripts/DeepSpool.java m/sN N (bulk makes it if missing).
set -u
scripts=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-$PWD}
PORT=${PORT:-3525}
cd "$WORK"
stamp() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg) $*"; }

bulk() { # bulk N ROUNDS JAR
    local n=$1 rounds=$2 jar=$3 m=m/s$1
    [ -d "$m" ] || java -cp "$jar" "$scripts/DeepSpool.java" "$m" "$n" >/dev/null
    one() { # one LABEL CMD OPTS
        local out
        if [ "$2" = retry ]; then
            rm -rf spool && cp -a "$m" spool && sync
            out=$( { /usr/bin/time -f '%e s, %U+%S s CPU' java $3 -cp "$jar" dev.ssmtpmailer.cli.Launcher --config-dir tree queue retry >/dev/null; } 2>&1 | tail -1)
        else
            rm -rf imp && cp -a "$m" imp && sync
            PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DATABASE" \
                -c 'TRUNCATE ssmtp_mailer.message, ssmtp_mailer.recipient, ssmtp_mailer.body_chunk CASCADE' >/dev/null 2>&1
            out=$( { /usr/bin/time -f '%e s, %U+%S s CPU' java $3 -cp "$jar" dev.ssmtpmailer.cli.Launcher --config-dir pgtree queue import --from imp >/dev/null; } 2>&1 | tail -1)
        fi
        stamp "N=$n $2 $1: $out"
    }
    local c1="-XX:TieredStopAtLevel=1 -XX:-UsePerfData" def="-XX:-UsePerfData"
    for r in $(seq 1 "$rounds"); do
        for cmd in ${CMDS:-retry import}; do
            if [ $((r % 2)) = 1 ]; then one c1 "$cmd" "$c1"; one default "$cmd" "$def"; else one default "$cmd" "$def"; one c1 "$cmd" "$c1"; fi
        done
    done
}

heap() { # heap OPTSFILE SPOOL JAR
    local opts=$1 label p k
    label=$(basename "$1" .opts)-$(basename "$2")
    rm -rf sspool && cp -a "$2" sspool
    java @"$opts" -cp "$3" dev.ssmtpmailer.cli.Launcher --config-dir stree serve --no-watch > "serve-$label.log" 2>&1 &
    p=$!
    for _ in $(seq 600); do grep -q 'listening on' "serve-$label.log" && break; sleep 0.1; done
    sleep 1
    for _ in $(seq 600); do jcmd $p Thread.print | grep -q '"ssmtp-mailer-spool-recovery"' || break; sleep 0.2; done
    for k in $(seq 1 "${GC_RUNS:-5}"); do
        jcmd $p GC.run >/dev/null
        jcmd $p GC.heap_info > "heapinfo-$label.txt"
        echo "$label GC.run $k: $(grep -o 'used [0-9]*K' "heapinfo-$label.txt" | head -2 | tr '\n' ' ')"
    done
    jcmd $p GC.class_histogram > "histo-$label.txt"
    kill $p; wait $p 2>/dev/null
}

start() { # start LAUNCHER
    one() { # one LABEL OPTS
        local p t0
        rm -rf sspool; mkdir sspool
        SSMTP_MAILER_JAVA_OPTS="$2" "$launcher" --config-dir stree serve --no-watch > start-serve.log 2>&1 & p=$!
        t0=$(date +%s%N)
        until (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do sleep 0.02; done
        stamp "$1: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(( $(awk '{print $14+$15}' /proc/$p/stat) * 10 )) ms CPU"
        kill $p; wait $p 2>/dev/null
    }
    local launcher=$1
    for r in $(seq 1 "${ROUNDS:-6}"); do
        if [ $((r % 2)) = 1 ]; then one serial ""; one g1 "-XX:+UseG1GC"; else one g1 "-XX:+UseG1GC"; one serial ""; fi
    done
}

"$@"
