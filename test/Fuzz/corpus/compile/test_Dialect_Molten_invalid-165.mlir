func.func private @plan19() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 1 symbols 0 buffers [] kernels []>}
