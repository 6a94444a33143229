func.func private @target_on_function() attributes {molten.target = #molten.target<"sm_90", multiprocessors = 132, registers = 65536, shared_memory = 232448>}
