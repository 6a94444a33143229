func.func private @plan16() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 1 symbols 0 buffers [<input 0 f32 [4]>, <output 1 f32 [4]>] kernels []>}
