func.func private @plan15() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 1 buffers [<input 0 f32 [s0, s1]>] kernels []>}
