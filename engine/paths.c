/* paths.c — directory of a file, a name beside a file, and normalizing an
 * absolute path (contract in engine/paths_int.h). */
#include "paths_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Directory part of a file path: "a/b.cfg" -> "a", "b.cfg" -> ".". */
void ps_path_directory_of(const char *file, char *dir, size_t n)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        snprintf(dir, n, ".");
    else if (slash == file)
        snprintf(dir, n, "/");
    else
        snprintf(dir, n, "%.*s", (int)(slash - file), file);
}

/* name relative to the directory of file (name itself if absolute or if
 * file has no directory part). False if the result does not fit. */
bool ps_path_beside(const char *file, const char *name, char *out, size_t n)
{
    const char *slash = strrchr(file, '/');
    int k;
    if (name[0] == '/' || !slash)
        k = snprintf(out, n, "%s", name);
    else
        k = snprintf(out, n, "%.*s/%s", (int)(slash - file), file, name);
    return k >= 0 && (size_t)k < n;
}

/* Remove "." and ".." components of an absolute path, in place. */
void ps_path_normalize_absolute(char *path)
{
    char *parts[PATH_MAX / 2];
    int depth = 0;
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    for (char *save = NULL, *part = strtok_r(copy, "/", &save); part;
         part = strtok_r(NULL, "/", &save)) {
        if (strcmp(part, ".") == 0)
            continue;
        if (strcmp(part, "..") == 0) {
            if (depth > 0)
                depth--;
            continue;
        }
        parts[depth++] = part;
    }
    size_t used = 0;
    path[0] = '\0';
    for (int i = 0; i < depth; i++) {
        int k = snprintf(path + used, PATH_MAX - used, "/%s", parts[i]);
        if (k < 0 || (size_t)k >= PATH_MAX - used)
            break;
        used += (size_t)k;
    }
    if (depth == 0)
        snprintf(path, PATH_MAX, "/");
}
