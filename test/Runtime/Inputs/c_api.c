/* The C API from C (install.test): the header compiles as C99, the installed
 * library links and runs. Loads a bundle, lists its functions, computes an
 * output shape, and tries to run without a driver. */
#include "Molten/Runtime/molten_runtime.h"

#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
  molten_bundle *bundle = NULL;
  const char *name = NULL;
  int count = 0;
  int64_t x_shape[2] = {8, 4096}, w_shape[1] = {4096}, out_shape[2] = {0, 0};
  molten_tensor inputs[2], output;
  molten_status status;

  if (argc != 2)
    return 2;
  if (molten_bundle_load_file(argv[1], &bundle) != MOLTEN_OK) {
    printf("load: %s\n", molten_last_error());
    return 1;
  }
  molten_bundle_function_count(bundle, &count);
  molten_bundle_function_name(bundle, 0, &name);
  printf("%d function: %s\n", count, name);

  inputs[0].data = (void *)0x1000;
  inputs[0].dtype = MOLTEN_F32;
  inputs[0].rank = 2;
  inputs[0].shape = x_shape;
  inputs[1].data = (void *)0x2000;
  inputs[1].dtype = MOLTEN_F32;
  inputs[1].rank = 1;
  inputs[1].shape = w_shape;
  molten_bundle_output_shape(bundle, name, inputs, 2, 0, out_shape, 2);
  printf("output shape: %lld x %lld\n", (long long)out_shape[0],
         (long long)out_shape[1]);

  output.data = (void *)0x3000;
  output.dtype = MOLTEN_F32;
  output.rank = 2;
  output.shape = out_shape;
  status = molten_run(bundle, name, inputs, 2, &output, 1, NULL);
  printf("run: %s: %s\n", molten_status_name(status), molten_last_error());
  molten_bundle_free(bundle);
  return 0;
}
