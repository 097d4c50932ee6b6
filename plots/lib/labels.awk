# labels.awk — words from plots/labels.tsv in one language (POSIX awk; mawk ok).
#   awk -f labels.awk -v lang=zh labels.tsv
#       one line of gnuplot assignments, L_NAME = "..." for every ui.NAME row (double
#       quotes: a \n in the table is a line break)
#   awk -f labels.awk -v lang=zh -v get=KEY labels.tsv
#       the label of KEY (the key itself when the table has no row)
# lang: en (default) or zh; an empty zh cell falls back to English.
BEGIN { FS = "\t"; if (lang == "") lang = "en" }
/^#/ || NF < 2 { next }
{
    v = (lang == "zh" && NF >= 3 && $3 != "") ? $3 : $2
    if (get != "") { if ($1 == get) { found = 1; print v; exit } ; next }
    if ($1 ~ /^ui\./) { k = substr($1, 4); gsub(/"/, "\\\"", v); out = out (out != "" ? "; " : "") "L_" k " = \"" v "\"" }
}
END { if (get != "" && !found) print get; else if (get == "") print out }
