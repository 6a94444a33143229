module attributes {molten.target = #molten.target<"sm_90AB", multiprocessors = 132, registers = 65536, shared_memory = 232448>} {}
