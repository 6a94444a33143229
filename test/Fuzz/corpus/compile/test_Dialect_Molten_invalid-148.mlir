func.func private @plan2() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [plus 1 2]>] kernels []>}
