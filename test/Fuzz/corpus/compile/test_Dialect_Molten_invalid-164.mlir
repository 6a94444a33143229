func.func private @plan18() attributes {molten.launch_plan = #molten.launch_plan<inputs 2 outputs 0 symbols 0 buffers [<input 0 f32 [4]>] kernels []>}
