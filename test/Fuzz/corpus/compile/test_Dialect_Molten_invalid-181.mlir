func.func private @plan_symbol() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [s99999999999999999999]>] kernels []>}
