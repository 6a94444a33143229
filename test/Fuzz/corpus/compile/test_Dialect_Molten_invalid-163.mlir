func.func private @plan17() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 f32 [4]>, <input 0 f32 [4]>] kernels []>}
