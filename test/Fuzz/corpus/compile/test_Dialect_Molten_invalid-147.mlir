func.func private @plan1() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [@x]>] kernels []>}
