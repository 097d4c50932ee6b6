# tsv.awk — select columns of a parksim TSV file by header name (POSIX awk; mawk ok).
#
# parksim files start with '#' comment lines; the LAST '#' line before the first data
# line is the column header ("# metric<TAB>year<TAB>..."). gnuplot cannot use such a
# header (columnhead wants an uncommented line), so the plot scripts pipe through this:
#
#   LC_ALL=C awk -f tsv.awk -v cols='year,p05,p50' [-v where='metric=gdp']
#                [-v scale='1,100,100'] [-v blank=keep] [-v rowno=1] FILE
#
#   cols   comma-separated column names to print, in that order (tab-separated);
#          a name "@N" prints the constant N (handy for offsets).
#   where  optional filters "name=value[,name=value...]" (all must match, string compare).
#   scale  optional comma-separated factors, one per entry of cols; a factor multiplies the
#          field when the field is numeric (empty or 1 = unchanged; non-numeric fields such
#          as "never" or "-" pass through untouched).
#   blank  "keep": keep (collapsed) blank lines between printed rows (for sweep scan lines);
#          default drops them.
#   rowno  1: prefix every printed row with its running number 0,1,2,... (for bar charts).
#   numeric 1: drop rows in which any selected field is not a number (nan, -, empty).
#   has    NAME: print 1 if the header has column NAME, else 0, and stop (no data output).
#   header 1: print the header's column names, one per line, and stop.
#   need   a,b,c: print the names among a,b,c that the header lacks (comma-separated;
#          empty line when none is missing), and stop.
# A requested column that the header lacks is an error (message on stderr, exit 2).

function numeric_ok(s) { return s ~ /^[ \t]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t]*$/ }

function parse_header(h,    n, i, t) {
    sub(/^#[ \t]*/, "", h)
    sub(/[ \t\r]+$/, "", h)
    n = split(h, t, "\t")
    if (n == 1) n = split(h, t, /[ \t]+/)
    for (i = 1; i <= n; i++) { sub(/^ +/, "", t[i]); sub(/ +$/, "", t[i]); col[t[i]] = i }
    if (has != "") { print ((has in col) ? 1 : 0); done = 1; exit 0 }
    if (need != "") {
        m = split(need, nd, ","); miss = ""
        for (i = 1; i <= m; i++) if (!(nd[i] in col)) miss = miss (miss == "" ? "" : ",") nd[i]
        print miss; done = 1; exit 0
    }
    if (header) { for (i = 1; i <= n; i++) print t[i]; done = 1; exit 0 }
    nc = split(cols, want, ",")
    for (i = 1; i <= nc; i++) {
        if (want[i] ~ /^@/) continue
        if (!(want[i] in col)) {
            printf "tsv.awk: %s: no column '%s' in header '%s'\n", FILENAME, want[i], h > "/dev/stderr"
            bad = 1; exit 2
        }
    }
    nw = 0
    if (where != "") {
        m = split(where, w, ",")
        for (i = 1; i <= m; i++) {
            k = index(w[i], "=")
            wname[i] = substr(w[i], 1, k - 1); wval[i] = substr(w[i], k + 1)
            if (!(wname[i] in col)) {
                printf "tsv.awk: %s: no column '%s' in header '%s'\n", FILENAME, wname[i], h > "/dev/stderr"
                bad = 1; exit 2
            }
        }
        nw = m
    }
    ns = split(scale, fac, ",")
    started = 1
}

BEGIN { FS = "\t"; OFS = "\t"; started = 0; pending_blank = 0; printed = 0; row = 0 }

/^#/ { if (!started) hdr = $0; next }

/^[ \t\r]*$/ { if (started && printed) pending_blank = 1; next }

{
    if (done) exit 0
    if (!started) {
        if (hdr == "") { printf "tsv.awk: %s: no '#' header line before the data\n", FILENAME > "/dev/stderr"; bad = 1; exit 2 }
        parse_header(hdr)
    }
    sub(/\r$/, "")
    if (NF == 1 && $0 ~ / /) { n = split($0, f, /[ \t]+/) } else { n = split($0, f, "\t") }
    for (i = 1; i <= nw; i++) if (f[col[wname[i]]] != wval[i]) next
    if (numeric) for (i = 1; i <= nc; i++) if (want[i] !~ /^@/ && !numeric_ok(f[col[want[i]]])) next
    if (pending_blank && blank == "keep") print ""
    pending_blank = 0
    out = rowno ? row : ""
    for (i = 1; i <= nc; i++) {
        if (want[i] ~ /^@/) v = substr(want[i], 2)
        else {
            v = f[col[want[i]]]
            if (i <= ns && fac[i] != "" && fac[i] != 1 && numeric_ok(v)) v = sprintf("%.10g", v * fac[i])
        }
        out = (i == 1 && !rowno) ? v : out OFS v
    }
    print out
    printed = 1; row++
}

END {
    if (bad) exit 2
    if (!done && !started && (has != "" || header || need != "")) {   # no data line: use the last '#' line
        if (hdr != "") parse_header(hdr); else if (has != "") print 0; else if (need != "") print need
    }
}
