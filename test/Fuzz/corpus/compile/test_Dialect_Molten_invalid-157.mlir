func.func private @plan11() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [] kernels [<"k" grid [1, 1] block [32, 1, 1] smem 0 buffers [] symbols []>]>}
