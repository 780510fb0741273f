"""The items list, its pager, slices and the item card."""
