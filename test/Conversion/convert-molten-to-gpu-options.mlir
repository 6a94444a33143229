// RUN: not molten-opt %s --convert-molten-to-gpu="block-size=100" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADBLOCK
// RUN: not molten-opt %s --convert-molten-to-gpu="row-elements-per-thread=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADROW
// RUN: not molten-opt %s --convert-molten-to-gpu="row-max-blocks=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADGRID
// RUN: not molten-opt %s --convert-molten-to-gpu="loop-min-threads-per-sm=4096" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPTHREADS
// RUN: not molten-opt %s --convert-molten-to-gpu="loop-block-size=100" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPBLOCK
// RUN: not molten-opt %s --convert-molten-to-gpu="loop-block-size=2048" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGLOOPBLOCK
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-medium-rows=-2" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADMEDIUM
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-small-min-tile-n=512" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGMINTILE
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-small-min-tile-n=24" -split-input-file 2>&1 | FileCheck %s --check-prefix=ODDMINTILE
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-small-busy=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=SMALLBUSY
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-small-busy=101" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGSMALLBUSY
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-large-stages=5" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGSTAGES
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-large-stages=1" -split-input-file 2>&1 | FileCheck %s --check-prefix=ONESTAGE
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-epilogue-warps=2" -split-input-file 2>&1 | FileCheck %s --check-prefix=EPILOGUEWARPS
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-staged-columns=320" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGSTAGED
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-staged-columns=96" -split-input-file 2>&1 | FileCheck %s --check-prefix=ODDSTAGED
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-group-rows=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=GROUPROWS
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-small128-min-tile-n=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=SMALLMINTILE128
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-small128-min-tile-n=40" -split-input-file 2>&1 | FileCheck %s --check-prefix=ODDMINTILE128
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-decode-rows=128" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGDECODE
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-decode-rows=40" -split-input-file 2>&1 | FileCheck %s --check-prefix=ODDDECODE
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-decode-columns=128" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGDECODECOLS
// RUN: not molten-opt %s --convert-molten-to-gpu="matmul-decode-columns=48" -split-input-file 2>&1 | FileCheck %s --check-prefix=ODDDECODECOLS
// RUN: not molten-opt %s --convert-molten-to-gpu="multiprocessors=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADSMS
// RUN: not molten-opt %s --convert-molten-to-gpu="looped-row-threads=100" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPED
// RUN: not molten-opt %s --convert-molten-to-gpu="looped-row-threads=2048" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGLOOPED
// RUN: not molten-opt %s --convert-molten-to-gpu="looped-row-bytes=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPEDBYTES
// RUN: not molten-opt %s --convert-molten-to-gpu="narrow-min-threads-per-sm=3000" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADNARROW

// Out-of-range convert-molten-to-gpu options are refused before any kernel is built.
// BADBLOCK: error: convert-molten-to-gpu option block-size=100 is not a multiple of 32
// BADROW: error: convert-molten-to-gpu option row-elements-per-thread=0 is out of range: expected 1 to 256
// BADGRID: error: convert-molten-to-gpu option row-max-blocks=0 is out of range: expected 1 to 1073741824
// BADLOOPTHREADS: error: convert-molten-to-gpu option loop-min-threads-per-sm=4096 is out of range: expected 0 to 2048
// BADLOOPBLOCK: error: convert-molten-to-gpu option loop-block-size=100 is not a multiple of 32
// BIGLOOPBLOCK: error: convert-molten-to-gpu option loop-block-size=2048 is out of range: expected 32 to 1024
// BADMEDIUM: error: convert-molten-to-gpu option matmul-medium-rows=-2 is out of range: expected -1 to 1073741824
// BIGMINTILE: error: convert-molten-to-gpu option matmul-small-min-tile-n=512 is out of range: expected 0 to 256
// SMALLBUSY: error: convert-molten-to-gpu option matmul-small-busy=0 is out of range: expected 1 to 100
// BIGSMALLBUSY: error: convert-molten-to-gpu option matmul-small-busy=101 is out of range: expected 1 to 100
// BIGSTAGES: error: convert-molten-to-gpu option matmul-large-stages=5 is out of range: expected 2 to 4
// ONESTAGE: error: convert-molten-to-gpu option matmul-large-stages=1 is out of range: expected 2 to 4
// EPILOGUEWARPS: error: convert-molten-to-gpu option matmul-epilogue-warps=2 is out of range: expected -1 to 1
// GROUPROWS: error: convert-molten-to-gpu option matmul-group-rows=0 is out of range: expected 1 to 1048576
// BIGSTAGED: error: convert-molten-to-gpu option matmul-staged-columns=320 is out of range: expected 0 to 256
// ODDSTAGED: error: convert-molten-to-gpu option matmul-staged-columns=96 is not a multiple of 64
// ODDMINTILE: error: convert-molten-to-gpu option matmul-small-min-tile-n=24 is not a multiple of 16
// SMALLMINTILE128: error: convert-molten-to-gpu option matmul-small128-min-tile-n=0 is out of range: expected 16 to 256
// ODDMINTILE128: error: convert-molten-to-gpu option matmul-small128-min-tile-n=40 is not a multiple of 16
// BIGDECODE: error: convert-molten-to-gpu option matmul-decode-rows=128 is out of range: expected -1 to 64
// ODDDECODE: error: convert-molten-to-gpu option matmul-decode-rows=40 is not -1, 0, 16, 32, 48 or 64
// BIGDECODECOLS: error: convert-molten-to-gpu option matmul-decode-columns=128 is out of range: expected 16 to 64
// ODDDECODECOLS: error: convert-molten-to-gpu option matmul-decode-columns=48 is not 16, 32 or 64
// BADSMS: error: convert-molten-to-gpu option multiprocessors=0 is out of range: expected 1 to 1024
// BADLOOPED: error: convert-molten-to-gpu option looped-row-threads=100 is not a multiple of 32
// BIGLOOPED: error: convert-molten-to-gpu option looped-row-threads=2048 is out of range: expected 64 to 1024
// BADLOOPEDBYTES: error: convert-molten-to-gpu option looped-row-bytes=0 is out of range: expected 1 to 1073741824
// BADNARROW: error: convert-molten-to-gpu option narrow-min-threads-per-sm=3000 is out of range: expected 0 to 2048

func.func @scale(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %y = molten.add %a, %a : tensor<?x64xf32>, tensor<?x64xf32>
    molten.yield %y : tensor<?x64xf32>
  }
  return %0 : tensor<?x64xf32>
}
