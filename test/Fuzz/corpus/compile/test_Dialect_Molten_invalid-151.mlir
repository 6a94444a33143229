func.func private @plan5() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp i32 [4]>] kernels []>}
