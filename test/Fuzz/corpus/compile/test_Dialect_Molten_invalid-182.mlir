func.func private @plan_big() attributes {molten.launch_plan = #molten.launch_plan<inputs 9000000000000000000 outputs 0 symbols 0 buffers [] kernels []>}
