;; Strided decoding of fixed-size little-endian records (a `.mpr` data module) into columns, one
;; kernel per stored type. Every kernel reads `count` values, one per record, from `src`, `src +
;; stride`, …, and writes them one after another from `dst`. Compiled to the bytes of
;; record-kernels.ts (`npm run build:kernels`); a test checks they never drift apart.
(module
  (memory (export "memory") 1)

  ;; float32 → float64 × scale (the widening is exact, so one rounding, as in JavaScript)
  (func (export "f32") (param $src i32) (param $stride i32) (param $dst i32) (param $count i32) (param $scale f64)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f64.store (local.get $dst)
          (f64.mul (f64.promote_f32 (f32.load align=1 (local.get $src))) (local.get $scale)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (br $next))))

  ;; float64 × scale
  (func (export "f64") (param $src i32) (param $stride i32) (param $dst i32) (param $count i32) (param $scale f64)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f64.store (local.get $dst) (f64.mul (f64.load align=1 (local.get $src)) (local.get $scale)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (br $next))))

  ;; uint32 → int32 (counters and ids stay far below 2^31)
  (func (export "u32") (param $src i32) (param $stride i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store (local.get $dst) (i32.load align=1 (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $next))))

  ;; uint16 → int32
  (func (export "u16") (param $src i32) (param $stride i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store (local.get $dst) (i32.load16_u align=1 (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $next))))

  ;; uint8 → int32
  (func (export "u8") (param $src i32) (param $stride i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store (local.get $dst) (i32.load8_u (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $next))))

  ;; a flag of the shared flags byte: (byte & mask) >> shift, as uint8
  (func (export "flag") (param $src i32) (param $stride i32) (param $dst i32) (param $count i32) (param $mask i32) (param $shift i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $count)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store8 (local.get $dst)
          (i32.shr_u (i32.and (i32.load8_u (local.get $src)) (local.get $mask)) (local.get $shift)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (br $next)))))
