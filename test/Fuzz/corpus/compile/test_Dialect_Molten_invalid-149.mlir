func.func private @plan3() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<scratch f32 [4]>] kernels []>}
