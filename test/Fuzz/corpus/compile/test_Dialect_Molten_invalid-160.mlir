func.func private @plan14() attributes {molten.launch_plan = #molten.launch_plan<inputs -1 outputs 0 symbols 0 buffers [] kernels []>}
