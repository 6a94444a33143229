func.func private @plan4() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input -1 f32 [4]>] kernels []>}
