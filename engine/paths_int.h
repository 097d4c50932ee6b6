/* paths_int.h — small operations on file path text, no file system access
 * except where said. Internal to engine/ (the scenario loader resolves
 * extends and run.data with them; any module naming files beside another
 * file can too). All are pure functions of their arguments: thread-safe.
 */
#ifndef PARKSIM_PATHS_INT_H
#define PARKSIM_PATHS_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Directory part of a file path into dir (size n): "a/b.cfg" -> "a",
 * "b.cfg" -> ".", "/b.cfg" -> "/". */
void ps_path_directory_of(const char *file, char *dir, size_t n);

/* name relative to the directory of file, into out (size n): name itself
 * if it is absolute or file has no directory part. False if the result
 * does not fit in n. */
bool ps_path_beside(const char *file, const char *name, char *out, size_t n);

/* Remove "." and ".." components (and repeated '/') of an absolute path,
 * in place; path must hold PATH_MAX bytes. ".." above the root stays at
 * the root. */
void ps_path_normalize_absolute(char *path);

#endif
