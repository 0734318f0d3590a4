"""The poster wall: films, watchlist, diary and search results as a grid of posters.

``view.WallView`` lays tiles out by arithmetic (only what is on screen is
painted or asked for), ``models`` adapt the list models to wall items,
``thumbs`` scales and caches poster thumbnails off the GUI thread, ``cards``
draws a film without a poster, and ``page.WallPage`` puts the wall under a
toolbar with its size slider.
"""
