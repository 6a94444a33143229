module attributes {molten.target = #molten.target<"sm_90", multiprocessors = 0, registers = 65536, shared_memory = 232448>} {}
