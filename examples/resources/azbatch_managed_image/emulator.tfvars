# Values for the local emulator (its subscription and the snapshot that
# emulator-seed.json creates). Against Azure, pass your own.
os_snapshot_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/image-src/providers/Microsoft.Compute/snapshots/ubuntu-os"
