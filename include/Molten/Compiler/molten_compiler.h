/*
 * molten_compiler.h: the C API of the Molten compiler (libMoltenCompiler.so).
 *
 * Compiles a module in the molten dialect, given as MLIR text, to a bundle
 * (docs/bundle.md) in process: what `molten-translate --molten-to-bundle`
 * does, for programs that would rather not start a tool per program (the
 * Python package, a torch.compile backend). The bundle bytes are those
 * molten-translate writes for the same text and options.
 *
 * Conventions:
 *   - Each call compiles in a context of its own: calls may run on several
 *     threads at once.
 *   - Diagnostics (errors, warnings, remarks) come back as text, one per
 *     line as `name:line:col: error: message`, never on stderr.
 *   - Memory the library returns is the caller's, freed with
 *     molten_compiler_free.
 *   - No C++ exception ever crosses this interface.
 */
#ifndef MOLTEN_COMPILER_H
#define MOLTEN_COMPILER_H

#include <stddef.h>

#if defined(_WIN32)
#define MOLTEN_COMPILER_API
#else
#define MOLTEN_COMPILER_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Compiles `size` bytes of MLIR text at `source` (no NUL terminator needed)
 * to a bundle. `name` names the source in diagnostics (NULL: "<source>").
 * `options` (NULL or "": the defaults) are molten-to-gpu-pipeline's, as
 * written in a pass pipeline, e.g. "chip=sm_90a gpu-options={block-size=128}"
 * (docs/reference/MoltenConversionPasses.md).
 *
 * Returns 0 and sets *bundle (NUL-terminated too) and *bundle_size on
 * success; returns 1 and sets *bundle to NULL on failure. *diagnostics is
 * set either way: the diagnostics as text, "" when there were none. Either
 * output pointer may be NULL when the caller does not want it. Returns 2,
 * with nothing set, when `source` is NULL.
 */
MOLTEN_COMPILER_API int molten_compile(const char *source, size_t size,
                                       const char *name, const char *options,
                                       char **bundle, size_t *bundle_size,
                                       char **diagnostics);

/* Frees memory molten_compile returned (NULL is ignored). */
MOLTEN_COMPILER_API void molten_compiler_free(void *memory);

#ifdef __cplusplus
}
#endif

#endif /* MOLTEN_COMPILER_H */
