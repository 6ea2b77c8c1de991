fn main() {
    // New migration folders must re-embed the directory.
    println!("cargo:rerun-if-changed=../../migrations");
}
