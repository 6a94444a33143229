func.func private @plan20() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 1 symbols 1 buffers [<output 0 f32 [s0]>] kernels []>}
