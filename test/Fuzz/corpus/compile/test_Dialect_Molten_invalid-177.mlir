module attributes {molten.target = #molten.target<"sm_90", multiprocessors = 132, registers = 1000, shared_memory = 232448>} {}
