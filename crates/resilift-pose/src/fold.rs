//! Folds a TensorFlow Lite model's constant fp16 weights into fp32, in the file itself.
//!
//! The BlazePose models keep their weights as fp16 constants, each behind a `DEQUANTIZE`
//! operator that widens it to fp32 when the model runs. The `tract` runtime has no
//! `DEQUANTIZE`, and its operator table cannot be extended from outside, so the widening is
//! done once, at install: every fp16 constant is converted, appended at the end of the file as
//! an fp32 buffer, its tensor is marked fp32, the operators that read the `DEQUANTIZE` output
//! read the constant instead, and the `DEQUANTIZE` entries leave the operator list.
//!
//! Only forward offsets are written (a flatbuffer's offsets are unsigned and point onwards),
//! which is why new data goes at the end of the file. Nothing else in the file moves.

use std::collections::HashMap;

use tract_tflite::tflite::{self, BuiltinOperator, TensorType};

/// Why a model could not be folded.
#[derive(Debug, thiserror::Error)]
pub enum FoldError {
    /// The bytes are not a TensorFlow Lite model.
    #[error("not a TensorFlow Lite model: {0}")]
    NotAModel(String),
    /// The model has a shape this folding does not handle.
    #[error("unexpected model layout: {0}")]
    Layout(&'static str),
}

/// What folding did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    /// `DEQUANTIZE` operators removed.
    pub removed: usize,
    /// Operators left.
    pub operators: usize,
}

fn read_u32(buf: &[u8], at: usize) -> Result<u32, FoldError> {
    buf.get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or(FoldError::Layout("offset out of range"))
}

fn write_u32(buf: &mut [u8], at: usize, value: u32) -> Result<(), FoldError> {
    let slot = buf
        .get_mut(at..at + 4)
        .ok_or(FoldError::Layout("offset out of range"))?;
    slot.copy_from_slice(&value.to_le_bytes());
    Ok(())
}

fn offset(value: usize) -> Result<u32, FoldError> {
    u32::try_from(value).map_err(|_| FoldError::Layout("model larger than 4 GiB"))
}

/// One constant to widen, found on a first read of the file.
struct Widen {
    /// Where the buffer table's `data` offset field sits.
    data_field: usize,
    /// Where the tensor table's `type` byte sits.
    type_field: usize,
    /// The fp16 values, as bytes.
    halves: Vec<u8>,
}

/// Folds every fp16 `DEQUANTIZE` constant of the model's first subgraph into fp32.
///
/// # Errors
/// When the bytes are not a model, or a `DEQUANTIZE` reads something other than an fp16
/// constant.
pub fn fold_fp16(model: &[u8]) -> Result<(Vec<u8>, Folded), FoldError> {
    let root = tflite::root_as_model(model).map_err(|e| FoldError::NotAModel(e.to_string()))?;
    let codes = root
        .operator_codes()
        .ok_or(FoldError::Layout("no operator codes"))?;
    let buffers = root.buffers().ok_or(FoldError::Layout("no buffers"))?;
    let subgraph = root
        .subgraphs()
        .ok_or(FoldError::Layout("no subgraphs"))?
        .get(0);
    let tensors = subgraph.tensors().ok_or(FoldError::Layout("no tensors"))?;
    let operators = subgraph
        .operators()
        .ok_or(FoldError::Layout("no operators"))?;

    let mut widen = Vec::new();
    let mut rewire: HashMap<i32, i32> = HashMap::new();
    let mut kept = Vec::new();
    for op in operators {
        let code = codes.get(op.opcode_index() as usize);
        let builtin = code
            .builtin_code()
            .max(BuiltinOperator(i32::from(code.deprecated_builtin_code())));
        let (Some(inputs), Some(outputs)) = (op.inputs(), op.outputs()) else {
            kept.push(op._tab.loc());
            continue;
        };
        if builtin != BuiltinOperator::DEQUANTIZE || inputs.len() != 1 || outputs.len() != 1 {
            kept.push(op._tab.loc());
            continue;
        }
        let (input, output) = (inputs.get(0), outputs.get(0));
        let tensor =
            tensors.get(usize::try_from(input).map_err(|_| FoldError::Layout("negative tensor"))?);
        if tensor.type_() != TensorType::FLOAT16 {
            return Err(FoldError::Layout(
                "a DEQUANTIZE reads something other than fp16",
            ));
        }
        let buffer = buffers.get(tensor.buffer() as usize);
        let data = buffer
            .data()
            .ok_or(FoldError::Layout("a DEQUANTIZE reads a computed value"))?;
        let data_slot = buffer._tab.vtable().get(tflite::Buffer::VT_DATA);
        let type_slot = tensor._tab.vtable().get(tflite::Tensor::VT_TYPE_);
        if data_slot == 0 || type_slot == 0 {
            return Err(FoldError::Layout("constant without data or type"));
        }
        widen.push(Widen {
            data_field: buffer._tab.loc() + usize::from(data_slot),
            type_field: tensor._tab.loc() + usize::from(type_slot),
            halves: data.bytes().to_vec(),
        });
        rewire.insert(output, input);
    }

    // Operator inputs to rewire, and the operator vector to compact.
    let mut input_slots = Vec::new();
    for op in operators {
        if let Some(inputs) = op.inputs() {
            for (i, input) in inputs.iter().enumerate() {
                if let Some(&to) = rewire.get(&input) {
                    input_slots.push((
                        inputs.bytes().as_ptr() as usize - model.as_ptr() as usize + 4 * i,
                        to,
                    ));
                }
            }
        }
    }
    let ops_field = subgraph._tab.loc()
        + usize::from(subgraph._tab.vtable().get(tflite::SubGraph::VT_OPERATORS));
    let removed = widen.len();

    let mut out = model.to_vec();
    for (at, to) in input_slots {
        out.get_mut(at..at + 4)
            .ok_or(FoldError::Layout("offset out of range"))?
            .copy_from_slice(&to.to_le_bytes());
    }
    let ops_vector = ops_field + read_u32(&out, ops_field)? as usize;
    write_u32(&mut out, ops_vector, offset(kept.len())?)?;
    for (i, table) in kept.iter().enumerate() {
        let slot = ops_vector + 4 + 4 * i;
        write_u32(&mut out, slot, offset(table - slot)?)?;
    }
    for w in widen {
        // Vector data starts 16-byte aligned: a u32 length, then the floats.
        while !(out.len() + 4).is_multiple_of(16) {
            out.push(0);
        }
        let start = out.len();
        let floats: Vec<u8> = w
            .halves
            .chunks_exact(2)
            .flat_map(|h| {
                half::f16::from_le_bytes([h[0], h[1]])
                    .to_f32()
                    .to_le_bytes()
            })
            .collect();
        out.extend_from_slice(&offset(floats.len())?.to_le_bytes());
        out.extend_from_slice(&floats);
        write_u32(&mut out, w.data_field, offset(start - w.data_field)?)?;
        let byte = out
            .get_mut(w.type_field)
            .ok_or(FoldError::Layout("offset out of range"))?;
        *byte = u8::try_from(TensorType::FLOAT32.0).unwrap_or(0);
    }
    Ok((
        out,
        Folded {
            removed,
            operators: kept.len(),
        },
    ))
}
